"""``generar_figuras``: las siete figuras de la guía, cada una con la función que la posee."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import RAIZ

import rnnbook
from rnnbook import entregables
from rnnbook.entregables import FIGURAS_GUIA, generar_figuras

# La guía del laboratorio no está en el repositorio: en el equipo y en la
# integración continua, su carpeta ``shared/`` está junto a la copia del proyecto.
GUIA = RAIZ.parent / "shared" / "guia_lab11_rnn_lstm.md"


def test_siete_figuras_distintas():
    assert len(FIGURAS_GUIA) == 7 and len(set(FIGURAS_GUIA)) == 7


def test_nombres_de_la_guia():
    """El orden y los nombres son los de los ``savefig`` de la guía."""
    if not GUIA.is_file():
        pytest.skip(f"la guía no está en {GUIA}")
    assert (
        tuple(re.findall(r"savefig\('([^']+\.png)'", GUIA.read_text(encoding="utf-8")))
        == FIGURAS_GUIA
    )


def test_figuras_ligeras_de_verdad(tmp_path):
    ligeras = ["rnn_desenvuelta.png", "gradiente_desvaneciente.png", "lstm_gates.png"]
    rutas = generar_figuras(tmp_path, semilla=0, progreso=False, solo=ligeras)
    assert [r.name for r in rutas] == ligeras
    for r in rutas:
        assert r.parent == tmp_path and r.stat().st_size > 5_000
        assert r.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _falso(nombre_png, llamadas):
    def ejecutar(salida, *args, **kwargs):
        llamadas.append((nombre_png, Path(salida), args, kwargs))
        from PIL import Image

        Image.new("RGB", (4, 4)).save(Path(salida) / nombre_png)
        return {}

    return ejecutar


@pytest.fixture
def sin_entrenamientos(monkeypatch):
    """Sustituye los tres experimentos caros por funciones que solo escriben su PNG."""
    llamadas: list = []
    monkeypatch.setattr(
        entregables,
        "ejecutar_sentimiento",
        _falso("lstm_sentimiento.png", llamadas),
    )
    monkeypatch.setattr(
        entregables, "ejecutar_series", _falso("lstm_series_tiempo.png", llamadas)
    )
    monkeypatch.setattr(
        entregables,
        "ejecutar_benchmark",
        _falso("benchmark_rnn_lstm_gru.png", llamadas),
    )
    return llamadas


def test_las_siete_en_orden(tmp_path, sin_entrenamientos):
    carpeta = tmp_path / "nueva" / "carpeta"
    rutas = generar_figuras(
        carpeta, 3, True
    )  # la firma posicional que usa la línea de órdenes
    assert [r.name for r in rutas] == list(FIGURAS_GUIA)
    assert all(r.is_file() and r.parent == carpeta for r in rutas)
    por_nombre = {n: (s, a, k) for n, s, a, k in sin_entrenamientos}
    assert set(por_nombre) == {
        "lstm_sentimiento.png",
        "lstm_series_tiempo.png",
        "benchmark_rnn_lstm_gru.png",
    }
    assert por_nombre["lstm_sentimiento.png"][2]["semilla"] == 3
    assert por_nombre["lstm_series_tiempo.png"][2]["semilla"] == 3
    assert por_nombre["benchmark_rnn_lstm_gru.png"][2]["semilla"] == 3
    assert por_nombre["benchmark_rnn_lstm_gru.png"][1] == (["auto"],)


def test_error_si_una_funcion_no_deja_su_archivo(tmp_path, monkeypatch):
    monkeypatch.setattr(entregables, "ejecutar_series", lambda salida, **kw: {})
    with pytest.raises(RuntimeError, match="lstm_series_tiempo.png"):
        generar_figuras(tmp_path, solo=["lstm_series_tiempo.png"])


def test_argumentos_invalidos(tmp_path):
    archivo = tmp_path / "a.txt"
    archivo.write_text("x")
    with pytest.raises(ValueError, match="carpeta"):
        generar_figuras(archivo)
    with pytest.raises(ValueError, match="solo"):
        generar_figuras(tmp_path, solo=["figura_inventada.png"])
    with pytest.raises(ValueError, match="dispositivo"):
        generar_figuras(tmp_path, dispositivo="tpu")
    with pytest.raises(TypeError, match="semilla"):
        generar_figuras(tmp_path, semilla="0")
    assert rnnbook.entregables.generar_figuras is generar_figuras
