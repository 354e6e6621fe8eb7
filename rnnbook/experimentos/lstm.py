"""Experimentos de la parte 2 con la LSTM de NumPy: puertas de un ejemplo y velocidad.

:func:`ejemplo_puertas_lstm` recorre una secuencia y devuelve las puertas paso a
paso; :func:`medir_velocidad_lstm` compara el *forward* y *backward* de NumPy con
el autograd de PyTorch (mediana de varias repeticiones, hilos de BLAS fijados).
"""

from __future__ import annotations

import contextlib
import time

import numpy as np

from .. import validacion as _v
from ..desde_cero.lstm import ORDEN_PUERTAS, CeldaLSTM
from ..entorno import hilos_cpu

__all__ = ["ejemplo_puertas_lstm", "medir_velocidad_lstm"]
_DTYPES = {"float32": np.float32, "float64": np.float64}


# ------------------------------------------------------------- §2.2: un paso
def ejemplo_puertas_lstm(semilla: int = 7) -> dict[str, np.ndarray]:
    r"""El ejemplo numérico de un paso de la guía (§2.2), calculado con :class:`CeldaLSTM`.

    Estado y entrada fijos (H = D = 4) y pesos :math:`W \sim \mathcal N(0, 0.5^2)`
    sorteados como en la guía (``np.random.seed(7)``, en el orden
    :math:`W_f, W_i, W_C, W_o`), con sesgos nulos.

    Parameters
    ----------
    semilla : int
        Semilla de los pesos (7 en la guía).

    Returns
    -------
    dict
        ``h_prev``, ``C_prev``, ``x_t`` (entradas); ``f_t``, ``i_t``, ``C_til``,
        ``C_t``, ``o_t``, ``h_t`` (el paso); ``recordado`` :math:`= f_t \odot C_{t-1}`
        y ``nuevo`` :math:`= i_t \odot \tilde C_t`. Todos de forma (4,).

    Examples
    --------
    >>> p = ejemplo_puertas_lstm()
    >>> bool(np.allclose(p["C_t"], p["recordado"] + p["nuevo"]))
    True
    """
    semilla = _v.semilla("semilla", semilla)
    h_prev = np.array([0.8, -0.3, 0.5, 0.2])
    C_prev = np.array([1.0, 0.5, -0.7, 0.3])
    x_t = np.array([0.1, -0.2, 0.9, -0.4])
    rng = np.random.RandomState(semilla)
    celda = CeldaLSTM(4, 4, semilla=0, sesgo_olvido=0.0)
    for letra in ORDEN_PUERTAS:
        setattr(
            celda, f"W_{letra}", rng.randn(4, 8) * 0.5
        )  # (H, H + D) sobre [h_{t-1}, x_t]
    h_t, C_t, cache = celda.forward_step(x_t, h_prev, C_prev)
    return {
        "h_prev": h_prev,
        "C_prev": C_prev,
        "x_t": x_t,
        "f_t": cache["f_t"].copy(),
        "i_t": cache["i_t"].copy(),
        "C_til": cache["C_til"].copy(),
        "C_t": C_t,
        "o_t": cache["o_t"].copy(),
        "h_t": h_t,
        "recordado": cache["f_t"] * C_prev,
        "nuevo": cache["i_t"] * cache["C_til"],
    }


# ------------------------------------------------------------ velocidad
def medir_velocidad_lstm(
    N: int = 128,
    T: int = 50,
    D: int = 32,
    H: int = 64,
    *,
    dtypes=("float32", "float64"),
    repeticiones: int = 7,
    calentamiento: int = 2,
    semilla: int = 0,
    hilos: int | None = None,
):
    r"""Tiempo de *forward* + *backward* de una secuencia: NumPy (:class:`CeldaLSTM`) frente a PyTorch.

    Con los mismos pesos y las mismas formas, se mide
    :meth:`CeldaLSTM.forward` + :meth:`CeldaLSTM.backward` y, en PyTorch CPU,
    ``nn.LSTM`` + ``backward()`` con autograd (gradientes de pesos, sesgos y
    entradas en ambos casos). Cada medida es la **mediana** de
    ``repeticiones`` tras ``calentamiento`` ejecuciones descartadas; las dos
    implementaciones se alternan en cada repetición, de modo que ambas sufren
    la misma carga de la máquina.

    Parameters
    ----------
    N : int
        Tamaño del lote.
    T : int
        Longitud de la secuencia.
    D : int
        Dimensión de la entrada.
    H : int
        Dimensión del estado.
    dtypes : sequence of {"float32", "float64"}
        Tipos que se miden.
    repeticiones : int
        Repeticiones medidas de cada implementación.
    calentamiento : int
        Repeticiones previas que se descartan.
    semilla : int
        Semilla de pesos, entradas y gradientes.
    hilos : int, opcional
        Hilos de PyTorch **y** de la BLAS de NumPy (OpenBLAS, cuando se puede
        fijar en tiempo de ejecución) durante la medida; se restauran al
        terminar. Por defecto, los que tenga cada biblioteca.

    Returns
    -------
    pandas.DataFrame
        Una fila por ``dtype`` con ``"NumPy (ms)"``, ``"PyTorch (ms)"``,
        ``"NumPy / PyTorch"``, ``"hilos PyTorch"`` y ``"hilos BLAS de NumPy"``
        (0 si no se pudo averiguar).

    Examples
    --------
    >>> t = medir_velocidad_lstm(N=2, T=3, D=2, H=3, dtypes=("float64",), repeticiones=1, calentamiento=0)
    >>> list(t.columns)
    ['NumPy (ms)', 'PyTorch (ms)', 'NumPy / PyTorch', 'hilos PyTorch', 'hilos BLAS de NumPy']
    """

    N, T, D, H = (
        _v.entero_positivo(n, v) for n, v in (("N", N), ("T", T), ("D", D), ("H", H))
    )
    repeticiones = _v.entero_positivo("repeticiones", repeticiones)
    calentamiento = _v.entero_positivo("calentamiento", calentamiento, minimo=0)
    if isinstance(dtypes, str):
        dtypes = (dtypes,)
    dtypes = [_v.opcion("dtype", d, tuple(_DTYPES)) for d in dtypes]
    if not dtypes:
        raise ValueError("dtypes no puede estar vacío.")
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    if hilos is not None:
        hilos = _v.entero_positivo("hilos", hilos)
    with hilos_cpu(hilos), _hilos_blas(hilos):
        return _medir(N, T, D, H, dtypes, repeticiones, calentamiento, semilla)


def _funciones_openblas():
    """``(get, set)`` del número de hilos de la OpenBLAS cargada por NumPy, o ``None``.

    Es lo que hace ``threadpoolctl``, reducido al caso de las ruedas de NumPy
    (que traen su propia OpenBLAS en ``numpy.libs``); con otra BLAS devuelve
    ``None`` y la medida usa sus hilos por defecto.
    """
    import ctypes
    import glob
    import os

    carpeta = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    for ruta in sorted(glob.glob(os.path.join(carpeta, "*openblas*"))):
        try:
            lib = ctypes.CDLL(ruta)  # ya cargada por NumPy: mismo manejador
        except OSError:
            continue
        for prefijo in ("scipy_openblas", "openblas"):
            for sufijo in ("64_", ""):
                leer = getattr(lib, f"{prefijo}_get_num_threads{sufijo}", None)
                fijar = getattr(lib, f"{prefijo}_set_num_threads{sufijo}", None)
                if leer is not None and fijar is not None:
                    leer.restype = ctypes.c_int
                    fijar.argtypes = [ctypes.c_int]
                    return leer, fijar
    return None


@contextlib.contextmanager
def _hilos_blas(hilos: int | None):
    """Fija los hilos de la OpenBLAS de NumPy dentro del bloque, si se puede, y los restaura al salir."""
    funciones = _funciones_openblas() if hilos is not None else None
    if funciones is None:
        yield
        return
    leer, fijar = funciones
    antes = leer()
    fijar(hilos)
    try:
        yield
    finally:
        fijar(antes)


def _hilos_blas_actuales() -> int:
    funciones = _funciones_openblas()
    return int(funciones[0]()) if funciones is not None else 0


def _medir(N, T, D, H, dtypes, repeticiones, calentamiento, semilla):
    import pandas as pd
    import torch

    def medianas(*funciones):
        """Mediana (ms) de cada función; se alternan para que compartan la misma carga de la máquina."""
        for _ in range(calentamiento):
            for fn in funciones:
                fn()
        tiempos = [[] for _ in funciones]
        for _ in range(repeticiones):
            for fn, lista in zip(funciones, tiempos):
                t0 = time.perf_counter()
                fn()
                lista.append(time.perf_counter() - t0)
        return [1000 * float(np.median(lista)) for lista in tiempos]

    filas = {}
    for nombre in dtypes:
        dt = _DTYPES[nombre]
        rng = np.random.default_rng(semilla)
        celda = CeldaLSTM(D, H, semilla=semilla, dtype=dt)
        celda.b += rng.normal(0, 0.1, celda.b.shape).astype(dt)
        X = rng.normal(size=(N, T, D)).astype(dt)
        G = rng.normal(size=(N, T, H)).astype(dt)  # gradiente que llega de arriba

        # Los cierres se llaman dentro de esta misma iteración.
        def numpy_fb():
            Hs, cache = celda.forward(X)  # noqa: B023
            celda.backward(G, cache)  # noqa: B023

        ref = celda.a_torch()
        capa = torch.nn.LSTM(D, H, batch_first=True).to(
            torch.float64 if dt == np.float64 else torch.float32
        )
        with torch.no_grad():
            capa.weight_ih_l0.copy_(ref.weight_ih)
            capa.weight_hh_l0.copy_(ref.weight_hh)
            capa.bias_ih_l0.copy_(ref.bias_ih)
            capa.bias_hh_l0.zero_()
        Xt = torch.from_numpy(X).requires_grad_(True)
        Gt = torch.from_numpy(G)

        def torch_fb():
            capa.zero_grad(set_to_none=True)  # noqa: B023
            Xt.grad = None  # noqa: B023
            salida, _ = capa(Xt)  # noqa: B023
            salida.backward(Gt)  # noqa: B023

        t_np, t_pt = medianas(numpy_fb, torch_fb)
        filas[nombre] = {
            "NumPy (ms)": t_np,
            "PyTorch (ms)": t_pt,
            "NumPy / PyTorch": t_np / t_pt,
            "hilos PyTorch": torch.get_num_threads(),
            "hilos BLAS de NumPy": _hilos_blas_actuales(),
        }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "dtype"
    return tabla
