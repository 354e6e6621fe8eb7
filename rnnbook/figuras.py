"""Las figuras que nombra la guía, regeneradas desde la línea de órdenes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import _validacion as _v
from .graficos import guardar_figura

__all__ = ["FIGURAS_GUIA", "generar_figuras"]

#: Los siete archivos de figura que guarda el código de la guía, en su orden de aparición.
FIGURAS_GUIA = (
    "rnn_desenvuelta.png",
    "bptt_convergencia.png",
    "gradiente_desvaneciente.png",
    "lstm_gates.png",
    "lstm_sentimiento.png",
    "lstm_series_tiempo.png",
    "benchmark_rnn_lstm_gru.png",
)


def _guardar(fig, ruta: Path) -> Path:
    import matplotlib.pyplot as plt

    try:
        return guardar_figura(fig, ruta)
    finally:
        plt.close(fig)


def _rnn_desenvuelta(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .rnn import figura_rnn_desenrollada

    return _guardar(figura_rnn_desenrollada(seq_len=4), salida / "rnn_desenvuelta.png")


def _bptt_convergencia(salida: Path, semilla: int, dispositivo: str) -> Path:
    # La misma figura que la página de BPTT de la Parte 1: la tasa de la guía hasta
    # pérdida 0.01 y dos tasas mayores durante los 200 pasos de la guía.
    from .rnn import barrido_tasa_aprendizaje, entrenar_bptt, figura_convergencia_bptt, problema_guia_bptt

    hist = entrenar_bptt(*problema_guia_bptt(lr=0.01), pasos=5000, umbral=0.01)
    _, historiales = barrido_tasa_aprendizaje([0.1, 1.0], pasos=200, umbral=0.01)
    fig = figura_convergencia_bptt({"η = 0.01 (guía)": hist["perdida"], "η = 0.1": historiales[0.1]["perdida"],
                                    "η = 1.0": historiales[1.0]["perdida"]}, umbral=0.01)
    return _guardar(fig, salida / "bptt_convergencia.png")


def _gradiente_desvaneciente(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .gradiente import figura_flujo_gradiente, flujo_gradiente_tanh, simular_flujo_gradiente

    fig = figura_flujo_gradiente(simular_flujo_gradiente(), flujo_gradiente_tanh())
    return _guardar(fig, salida / "gradiente_desvaneciente.png")


def _lstm_gates(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .lstm import figura_puertas_lstm

    return _guardar(figura_puertas_lstm(), salida / "lstm_gates.png")


def _lstm_sentimiento(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .sentimiento import ejecutar_sentimiento

    ejecutar_sentimiento(salida, dispositivo=dispositivo, semilla=semilla, progreso=False)
    return salida / "lstm_sentimiento.png"


def _lstm_series_tiempo(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .series import ejecutar_series

    ejecutar_series(salida, dispositivo=dispositivo, semilla=semilla, progreso=False)
    return salida / "lstm_series_tiempo.png"


def _benchmark(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .benchmark import ejecutar_benchmark

    ejecutar_benchmark(salida, [dispositivo], semilla=semilla, progreso=False)
    return salida / "benchmark_rnn_lstm_gru.png"


#: Archivo → función que lo genera (recibe la carpeta, la semilla y el dispositivo).
_GENERADORES: dict[str, Callable[[Path, int, str], Path]] = {
    "rnn_desenvuelta.png": _rnn_desenvuelta,
    "bptt_convergencia.png": _bptt_convergencia,
    "gradiente_desvaneciente.png": _gradiente_desvaneciente,
    "lstm_gates.png": _lstm_gates,
    "lstm_sentimiento.png": _lstm_sentimiento,
    "lstm_series_tiempo.png": _lstm_series_tiempo,
    "benchmark_rnn_lstm_gru.png": _benchmark,
}


def generar_figuras(salida, semilla: int = 0, progreso: bool = False, *, dispositivo: str = "auto",
                    solo=None) -> list[Path]:
    """Regenera en ``salida`` las siete figuras que nombra la guía.

    Cada figura la dibuja la función del libro que la posee:

    =============================== ==========================================================
    archivo                         función
    =============================== ==========================================================
    ``rnn_desenvuelta.png``         :func:`rnnbook.figura_rnn_desenrollada`
    ``bptt_convergencia.png``       :func:`rnnbook.figura_convergencia_bptt` (BPTT de la §1.3)
    ``gradiente_desvaneciente.png`` :func:`rnnbook.figura_flujo_gradiente`
    ``lstm_gates.png``              :func:`rnnbook.figura_puertas_lstm`
    ``lstm_sentimiento.png``        :func:`rnnbook.ejecutar_sentimiento` (entrena el modelo)
    ``lstm_series_tiempo.png``      :func:`rnnbook.ejecutar_series` (entrena el modelo)
    ``benchmark_rnn_lstm_gru.png``  :func:`rnnbook.ejecutar_benchmark`
    =============================== ==========================================================

    Las tres últimas ejecutan su experimento completo y dejan también en
    ``salida`` lo que escriben (modelos ``.pth``, métricas y
    ``resultados_benchmark.json``).

    Parameters
    ----------
    salida : str o pathlib.Path
        Carpeta de destino (se crea si no existe).
    semilla : int
        Semilla de los experimentos que entrenan.
    progreso : bool
        Barra de progreso (tqdm), una unidad por figura.
    dispositivo : {"auto", "cpu", "cuda"}
        Dispositivo de los experimentos con PyTorch.
    solo : list of str, opcional
        Generar solo estos archivos (nombres de :data:`FIGURAS_GUIA`).

    Returns
    -------
    list of pathlib.Path
        Las rutas escritas, en el orden de :data:`FIGURAS_GUIA`.

    Raises
    ------
    ValueError
        Si ``salida`` es un archivo, o ``solo`` nombra una figura desconocida.
    RuntimeError
        Si una función no dejó su archivo donde se esperaba.
    """
    from tqdm.auto import tqdm

    salida = Path(salida)
    if salida.exists() and not salida.is_dir():
        raise ValueError(f"salida debe ser una carpeta; {str(salida)!r} es un archivo.")
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    _v.opcion("dispositivo", dispositivo, ("auto", "cpu", "cuda"))
    if solo is None:
        nombres = list(FIGURAS_GUIA)
    else:
        if isinstance(solo, str):
            solo = [solo]
        for nombre in solo:
            _v.opcion("solo", nombre, FIGURAS_GUIA)
        nombres = [n for n in FIGURAS_GUIA if n in set(solo)]
    salida.mkdir(parents=True, exist_ok=True)
    rutas = []
    barra = tqdm(nombres, desc="Figuras", unit="figura", disable=not progreso)
    for nombre in barra:
        barra.set_postfix_str(nombre)
        ruta = _GENERADORES[nombre](salida, semilla, dispositivo)
        if not Path(ruta).is_file():
            raise RuntimeError(f"No se generó {nombre}: se esperaba el archivo {str(ruta)!r}.")
        rutas.append(Path(ruta))
    barra.close()
    return rutas
