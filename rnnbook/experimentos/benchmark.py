r"""Comparación honesta entre RNN, LSTM y GRU: tiempo, memoria y calidad.

La guía cronometra 50 pasos de entrenamiento con un solo reloj de pared y
compara la «pérdida final» tras esos 50 pasos sobre **un único lote de
etiquetas aleatorias**: eso mide cuánto tarda cada modelo en memorizar ruido,
no su calidad. Aquí se mide:

* el **tiempo por paso** de entrenamiento (*forward*, *backward* y paso de
  Adam) como la mediana de varias repeticiones tras un calentamiento, con el
  rango intercuartílico; en CUDA se sincroniza antes de leer el reloj;
* la **memoria**: en todos los dispositivos, los bytes de los tensores que
  autograd guarda para el *backward* (activaciones, sin contar los
  parámetros), medidos con ``torch.autograd.graph.saved_tensors_hooks``; en
  CUDA, además, el pico de ``torch.cuda.max_memory_allocated`` durante un paso;
* la **memorización** de la guía, junto a la pérdida en un lote nuevo de
  etiquetas aleatorias (que se queda en :math:`\ln 2`);
* la **calidad** en una tarea que se puede aprender, con datos de prueba
  separados: la tarea de dependencia larga de la Parte 2
  (:func:`rnnbook.crear_tarea_long_range`).

El esquema del JSON que escribe :func:`ejecutar_benchmark` está en su documentación.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..entorno import elegir_dispositivo, fijar_semilla
from ..entrenamiento import entrenar, evaluar, exactitud
from ..modelos.fabrica import crear_modelo_recurrente

__all__ = [
    "CONFIG_GUIA",
    "TIPOS_BENCHMARK",
    "VARIANTES_CALIDAD",
    "memoria_activaciones",
    "medir_paso_entrenamiento",
    "lote_nuevo",
    "calidad_long_range",
    "tabla_benchmark",
]

#: Configuración del benchmark de la guía: entrada 32, oculto 64, secuencias de 50, lotes de 128, 2 capas.
CONFIG_GUIA = {
    "input_size": 32,
    "hidden_size": 64,
    "seq_len": 50,
    "tam_lote": 128,
    "num_layers": 2,
    "num_clases": 2,
    "dropout": 0.2,
}
#: Los tres modelos comparados, en el orden de las tablas y figuras.
TIPOS_BENCHMARK = ("RNN", "LSTM", "GRU")
#: Modelos de la medida de calidad: nombre → (tipo, sesgo inicial de olvido o ``None``).
VARIANTES_CALIDAD = {
    "RNN": ("RNN", None),
    "LSTM": ("LSTM", None),
    "GRU": ("GRU", None),
    "LSTM_sesgo_olvido_2": ("LSTM", 2.0),
}
_MB = 1e6


def memoria_activaciones(modelo: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """MB que autograd guarda para el *backward* en un paso, sin contar los parámetros.

    Se registran con ``torch.autograd.graph.saved_tensors_hooks`` los tensores
    que cada operación guarda durante el *forward* y se suman los bytes de sus
    almacenamientos distintos (un almacenamiento compartido cuenta una vez).
    Es una medida determinista y comparable entre dispositivos; no incluye la
    memoria temporal que se libera dentro de una misma operación.

    Parameters
    ----------
    modelo : torch.nn.Module
    X : Tensor de forma (N, T, D)
    y : Tensor de forma (N,)

    Returns
    -------
    float
        Megabytes (:math:`10^6` bytes).

    Examples
    --------
    Una capa lineal con 1000 ejemplos guarda su entrada (1000 × 4 ``float32``,
    16 kB), el *log-softmax* de su salida (1000 × 2, 8 kB) y las etiquetas
    (1000 ``int64``, 8 kB):

    >>> m = nn.Linear(4, 2)
    >>> round(memoria_activaciones(m, torch.zeros(1000, 4), torch.zeros(1000, dtype=torch.long)), 3)
    0.032
    """
    parametros = {p.untyped_storage().data_ptr() for p in modelo.parameters()}
    vistos: dict[int, int] = {}

    def guardar(t: torch.Tensor):
        almacen = t.untyped_storage()
        ptr = almacen.data_ptr()
        if ptr not in parametros and ptr != 0:
            vistos[ptr] = almacen.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(guardar, lambda t: t):
        perdida = nn.functional.cross_entropy(modelo(X), y)
    perdida.backward()
    modelo.zero_grad(set_to_none=True)
    return sum(vistos.values()) / _MB


def _sincronizar(dispositivo: torch.device) -> None:
    if dispositivo.type == "cuda":
        torch.cuda.synchronize(dispositivo)


def medir_paso_entrenamiento(
    modelo: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    repeticiones: int = 45,
    calentamiento: int = 5,
    lr: float = 1e-3,
    dispositivo: str | torch.device = "cpu",
) -> dict:
    """El bucle de la guía (pasos de Adam sobre un lote fijo), cronometrando cada paso.

    Cada paso es ``zero_grad`` + *forward* + entropía cruzada + *backward* +
    paso de Adam, con el modelo en modo ``train()``, siempre sobre el mismo
    lote ``(X, y)``, como en la guía. Los ``calentamiento`` primeros pasos no se
    cuentan (asignación de memoria, selección de *kernels*); cada uno de los
    siguientes se cronometra por separado con ``time.perf_counter``
    (sincronizando en CUDA). Con los valores por defecto son los 50 pasos de la
    guía.

    Parameters
    ----------
    modelo : torch.nn.Module
    X : Tensor de forma (N, T, D)
    y : Tensor de forma (N,)
    repeticiones : int
        Pasos cronometrados (>= 1).
    calentamiento : int
        Pasos previos descartados (>= 0).
    lr : float
        Tasa de Adam (la guía usa 1e-3).
    dispositivo : {"cpu", "cuda", "auto"} o torch.device

    Returns
    -------
    dict
        ``tiempo_paso_ms`` (``mediana``, ``p25``, ``p75``, ``minimo``,
        ``maximo``), ``primer_paso_ms``, ``muestras_ms``,
        ``memoria_activaciones_mb``, ``memoria_pico_mb`` (solo CUDA; ``None``
        en CPU) y ``perdida_final`` (la pérdida del último paso: la «pérdida
        final» de la guía).

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> r = medir_paso_entrenamiento(crear_modelo_recurrente("GRU", 4, 8), torch.randn(16, 5, 4),
    ...                              torch.randint(0, 2, (16,)), repeticiones=3, calentamiento=1)
    >>> len(r["muestras_ms"]), r["tiempo_paso_ms"]["p25"] <= r["tiempo_paso_ms"]["mediana"], r["memoria_pico_mb"]
    (3, True, None)
    """
    repeticiones = _v.entero_positivo("repeticiones", repeticiones)
    calentamiento = _v.entero_positivo("calentamiento", calentamiento, minimo=0)
    lr = _v.real_positivo("lr", lr)
    dispositivo = elegir_dispositivo(dispositivo)
    if not isinstance(X, torch.Tensor) or X.ndim != 3:
        raise ValueError(
            f"X debe ser un Tensor de forma (N, T, D); se recibió {getattr(X, 'shape', type(X))}."
        )
    if not isinstance(y, torch.Tensor) or tuple(y.shape) != (X.shape[0],):
        raise ValueError(
            f"y debe ser un Tensor de forma ({X.shape[0]},); se recibió {getattr(y, 'shape', type(y))}."
        )
    modelo.to(dispositivo).train()
    X, y = X.to(dispositivo), y.to(dispositivo)
    opt = torch.optim.Adam(modelo.parameters(), lr=lr)

    def paso() -> torch.Tensor:
        opt.zero_grad(set_to_none=True)
        perdida = nn.functional.cross_entropy(modelo(X), y)
        perdida.backward()
        opt.step()
        return perdida.detach()

    memoria = memoria_activaciones(
        modelo, X, y
    )  # forward + backward sin paso del optimizador
    if dispositivo.type == "cuda":
        torch.cuda.reset_peak_memory_stats(dispositivo)
    muestras = []
    for _ in range(calentamiento + repeticiones):
        _sincronizar(dispositivo)
        t0 = time.perf_counter()
        perdida = paso()
        _sincronizar(dispositivo)
        muestras.append(1000 * (time.perf_counter() - t0))
    medidas = muestras[calentamiento:]
    q25, q50, q75 = np.percentile(medidas, [25, 50, 75])
    pico = (
        torch.cuda.max_memory_allocated(dispositivo) / _MB
        if dispositivo.type == "cuda"
        else None
    )
    return {
        "tiempo_paso_ms": {
            "mediana": float(q50),
            "p25": float(q25),
            "p75": float(q75),
            "minimo": float(min(medidas)),
            "maximo": float(max(medidas)),
        },
        "primer_paso_ms": float(muestras[0]),
        "muestras_ms": [float(m) for m in medidas],
        "memoria_activaciones_mb": memoria,
        "memoria_pico_mb": pico,
        "perdida_final": float(perdida.item()),
    }


def lote_nuevo(
    modelo: nn.Module,
    *,
    semilla: int = 1,
    dispositivo: str | torch.device = "cpu",
    config: dict | None = None,
) -> dict:
    r"""Pérdida y exactitud de ``modelo`` en un lote **nuevo** de etiquetas aleatorias.

    Es el contrapunto de la «pérdida final» de la guía: el lote tiene la forma
    de :data:`CONFIG_GUIA` y etiquetas al azar, así que ningún modelo puede
    bajar en promedio de :math:`\ln 2 \approx 0.693` ni pasar del 50 %. Un
    modelo que ha memorizado otro lote suele quedar **por encima** de
    :math:`\ln 2`: está muy seguro de respuestas que aquí son aleatorias.

    Parameters
    ----------
    modelo : torch.nn.Module
    semilla : int
        Semilla del lote (usa una distinta de la del lote memorizado).
    dispositivo : {"cpu", "cuda", "auto"} o torch.device
    config : dict, opcional
        Cambios sobre :data:`CONFIG_GUIA` (``tam_lote``, ``seq_len``…).

    Returns
    -------
    dict
        ``perdida`` y ``exactitud`` (modo ``eval()``).
    """
    c = dict(CONFIG_GUIA, **(config or {}))
    g = torch.Generator().manual_seed(_v.entero_positivo("semilla", semilla, minimo=0))
    X = torch.randn(
        c["tam_lote"], c["seq_len"], c["input_size"], generator=g
    )  # (N, T, D)
    y = torch.randint(0, c["num_clases"], (c["tam_lote"],), generator=g)  # (N,)
    return evaluar(
        modelo,
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        metricas={"exactitud": exactitud},
        dispositivo=dispositivo,
    )


def calidad_long_range(
    tipo: str,
    *,
    n: int = 1000,
    seq_len: int = 50,
    gap: int | None = None,
    hidden_size: int = 64,
    num_layers: int = 2,
    epocas: int = 3,
    tam_lote: int = 64,
    lr: float = 3e-3,
    sesgo_olvido: float | None = None,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
    progreso: bool = False,
) -> dict:
    r"""Exactitud de prueba en la tarea de dependencia larga de la Parte 2.

    Genera ``n`` secuencias con :func:`rnnbook.crear_tarea_long_range` (una
    sola entrada por paso, D = 1), las divide 70/15/15 en entrenamiento,
    validación y prueba, entrena :func:`crear_modelo_recurrente` con
    :func:`rnnbook.entrenar` (recorte de gradiente 1.0, mejor época según la
    exactitud de validación) y mide la exactitud en la prueba, que el
    entrenamiento nunca ve.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
    n, seq_len, gap : int
        Tamaño y forma de la tarea (``gap=None``: el elemento informativo es el primero).
    hidden_size, num_layers : int
        Arquitectura (por defecto, la de la guía).
    epocas, tam_lote : int
    lr : float
    sesgo_olvido : float, opcional
        Solo LSTM: sesgo inicial de la puerta de olvido
        (:func:`rnnbook.experimentos.fijar_sesgo_olvido`); ``None`` deja la inicialización
        de PyTorch, con la que :math:`f \approx \sigma(0) = 0.5` al empezar.
    semilla : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    progreso : bool

    Returns
    -------
    dict
        ``exactitud_prueba``, ``mejor_epoca``, ``exactitud_validacion`` (lista
        por época) y ``segundos``.
    """
    from ..datos.long_range import crear_tarea_long_range

    n = _v.entero_positivo("n", n, minimo=10)
    X, y = crear_tarea_long_range(n=n, seq_len=seq_len, gap=gap, semilla=semilla)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    n_ent, n_val = int(0.7 * n), int(0.15 * n)
    fijar_semilla(semilla)
    modelo = crear_modelo_recurrente(tipo, 1, hidden_size, 2, num_layers)
    if sesgo_olvido is not None:
        if modelo.tipo != "LSTM":
            raise ValueError(
                f"sesgo_olvido solo tiene sentido con tipo='LSTM'; se recibió tipo={tipo!r}."
            )
        from ..experimentos.gradiente import fijar_sesgo_olvido

        fijar_sesgo_olvido(modelo.rnn, sesgo_olvido)
    h = entrenar(
        modelo,
        (X[:n_ent], y[:n_ent]),
        (X[n_ent : n_ent + n_val], y[n_ent : n_ent + n_val]),
        perdida=nn.CrossEntropyLoss(),
        epocas=epocas,
        tam_lote=tam_lote,
        lr=lr,
        recorte_gradiente=1.0,
        metricas={"exactitud": exactitud},
        monitor="exactitud_validacion",
        modo="max",
        dispositivo=dispositivo,
        semilla=semilla,
        progreso=progreso,
    )
    prueba = evaluar(
        modelo,
        (X[n_ent + n_val :], y[n_ent + n_val :]),
        metricas={"exactitud": exactitud},
        dispositivo=dispositivo,
    )
    return {
        "exactitud_prueba": prueba["exactitud"],
        "mejor_epoca": h.mejor_epoca,
        "exactitud_validacion": h.columna("exactitud_validacion"),
        "segundos": h.segundos,
    }


def tabla_benchmark(resultados: dict):
    """Tabla resumen (una fila por modelo) a partir del resultado de :func:`ejecutar_benchmark`.

    Returns
    -------
    pandas.DataFrame
        Índice ``modelo``; columnas ``parametros``, ``puertas``,
        ``estado_celda``, ``ms_paso_<dispositivo>`` (mediana) y
        ``memoria_activaciones_mb`` por dispositivo disponible,
        ``perdida_final_guia``, ``perdida_lote_nuevo``, ``exactitud_prueba``
        y, en la fila LSTM, ``exactitud_prueba_sesgo_olvido_2``.
    """
    import pandas as pd

    filas = []
    for t in TIPOS_BENCHMARK:
        fila = {"modelo": t, **{k: v for k, v in resultados["modelos"][t].items()}}
        for d, info in resultados["dispositivos"].items():
            if info["disponible"]:
                r = info["modelos"][t]
                fila[f"ms_paso_{d}"] = r["tiempo_paso_ms"]["mediana"]
                fila[f"memoria_activaciones_mb_{d}"] = r["memoria_activaciones_mb"]
                if r["memoria_pico_mb"] is not None:
                    fila[f"memoria_pico_mb_{d}"] = r["memoria_pico_mb"]
        if "memorizacion_guia" in resultados:
            m = resultados["memorizacion_guia"]["modelos"][t]
            fila["perdida_final_guia"] = m["perdida_final"]
            fila["perdida_lote_nuevo"] = m["perdida_lote_nuevo"]
        if "calidad" in resultados:
            cal = resultados["calidad"]["modelos"]
            fila["exactitud_prueba"] = cal[t]["exactitud_prueba"]
            fila["exactitud_prueba_sesgo_olvido_2"] = (
                cal["LSTM_sesgo_olvido_2"]["exactitud_prueba"]
                if t == "LSTM" and "LSTM_sesgo_olvido_2" in cal
                else float("nan")
            )
        filas.append(fila)
    return pd.DataFrame(filas).set_index("modelo")
