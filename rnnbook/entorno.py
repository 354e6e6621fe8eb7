"""Dispositivo de cómputo y semillas: la única forma de elegirlos en el libro."""

from __future__ import annotations

import contextlib
import os
import random

import numpy as np
import torch

from . import validacion as _v

__all__ = ["elegir_dispositivo", "describir_dispositivo", "fijar_semilla", "hilos_cpu"]

_OPCIONES_DISPOSITIVO = ("auto", "cpu", "cuda")


def elegir_dispositivo(preferencia: str | torch.device = "auto") -> torch.device:
    """Devuelve el dispositivo de cómputo.

    Parameters
    ----------
    preferencia : {"auto", "cpu", "cuda"} o torch.device
        ``"auto"`` usa CUDA si está disponible y, si no, la CPU. La variable de
        entorno ``RNNBOOK_DISPOSITIVO`` (mismos valores) cambia el valor de
        ``"auto"`` sin tocar el código.

    Returns
    -------
    torch.device
        El dispositivo elegido.

    Raises
    ------
    ValueError
        Si la opción no es válida o se pide ``"cuda"`` sin GPU disponible.

    Examples
    --------
    >>> elegir_dispositivo("cpu")
    device(type='cpu')
    """
    if isinstance(preferencia, torch.device):
        preferencia = preferencia.type
    if preferencia == "auto":
        preferencia = os.environ.get("RNNBOOK_DISPOSITIVO", "auto") or "auto"
        _v.opcion("RNNBOOK_DISPOSITIVO", preferencia, _OPCIONES_DISPOSITIVO)
        if preferencia == "auto":
            preferencia = "cuda" if torch.cuda.is_available() else "cpu"
    _v.opcion("dispositivo", preferencia, _OPCIONES_DISPOSITIVO)
    if preferencia == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            "Se pidió el dispositivo 'cuda', pero no hay ninguna GPU CUDA disponible."
        )
    return torch.device(preferencia)


def describir_dispositivo(dispositivo: torch.device) -> str:
    """Texto breve con el dispositivo, para imprimirlo al comienzo de un ejemplo.

    Examples
    --------
    >>> describir_dispositivo(torch.device("cpu"))
    'cpu'
    """
    if dispositivo.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(dispositivo)})"
    return "cpu"


def fijar_semilla(semilla: int = 0) -> np.random.Generator:
    """Fija las semillas de ``random``, NumPy y PyTorch (CPU y CUDA).

    Parameters
    ----------
    semilla : int
        Semilla no negativa.

    Returns
    -------
    numpy.random.Generator
        Un generador de NumPy nuevo con esa semilla, para quien prefiera no
        usar el estado global.

    Examples
    --------
    >>> _ = fijar_semilla(3); a = torch.rand(2)
    >>> _ = fijar_semilla(3); b = torch.rand(2)
    >>> bool(torch.equal(a, b))
    True
    """
    semilla = _v.semilla("semilla", semilla)
    random.seed(semilla)
    np.random.seed(semilla)
    torch.manual_seed(semilla)  # también siembra todas las GPU CUDA
    return np.random.default_rng(semilla)


@contextlib.contextmanager
def hilos_cpu(hilos: int | None, dispositivo: str | torch.device = "cpu"):
    """Fija los hilos de PyTorch en la CPU dentro de un bloque ``with`` y los restaura al salir.

    Los modelos del libro son pequeños: repartir cada operación entre varios
    hilos solo añade sincronización, y en una máquina ocupada la multiplica.

    Parameters
    ----------
    hilos : int o None
        Hilos dentro del bloque; ``None`` no cambia nada.
    dispositivo : {"cpu", "cuda"} o torch.device
        En CUDA no se toca nada.

    Examples
    --------
    >>> antes = torch.get_num_threads()
    >>> with hilos_cpu(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == antes
    True
    """
    if hilos is not None:
        hilos = _v.entero_positivo("hilos", hilos)
    antes = torch.get_num_threads()
    tipo = (
        dispositivo.type if isinstance(dispositivo, torch.device) else str(dispositivo)
    )
    if hilos is not None and tipo == "cpu":
        torch.set_num_threads(hilos)
    try:
        yield
    finally:
        torch.set_num_threads(antes)
