"""Configuración común de pytest."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
import torch

matplotlib.use("Agg")

RAIZ = Path(__file__).resolve().parents[1]
LIBRO = RAIZ / "_build" / "html"
EN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def omitir_o_fallar(motivo: str):
    """Sin lo necesario (Chromium, axe, el libro…): fallo en la integración continua,
    donde todo debe estar; prueba omitida en local."""
    if EN_CI:
        pytest.fail(motivo)
    pytest.skip(motivo)


def dispositivos_disponibles() -> list[str]:
    """``["cpu"]`` y, si hay GPU, ``"cuda"``: para parametrizar pruebas por dispositivo."""
    return ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(params=["cpu", "cuda"])
def dispositivo(request):
    """Dispositivo de cómputo; la variante CUDA se omite si no hay GPU."""
    if request.param == "cuda" and not torch.cuda.is_available():
        pytest.skip("no hay GPU CUDA disponible")
    return torch.device(request.param)


@pytest.fixture(scope="session")
def libro_construido() -> Path:
    """Carpeta del libro ya construido (``python3 tareas.py libro``).

    En la integración continua el libro se construye antes de las pruebas, así
    que su ausencia es un fallo; en local, la prueba se omite.
    """
    if not (LIBRO / "index.html").is_file():
        if EN_CI:
            pytest.fail(
                f"No existe {LIBRO / 'index.html'}: construye el libro antes de las pruebas."
            )
        pytest.skip("el libro no está construido (python3 tareas.py libro)")
    return LIBRO
