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

import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import _validacion as _v
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla
from .entrenamiento import entrenar, evaluar, exactitud
from .graficos import PALETA, guardar_figura, nueva_figura
from .modelos import ClasificadorSecuencias

__all__ = [
    "CONFIG_GUIA",
    "TIPOS_BENCHMARK",
    "VARIANTES_CALIDAD",
    "crear_modelo_recurrente",
    "memoria_activaciones",
    "medir_paso_entrenamiento",
    "lote_nuevo",
    "calidad_long_range",
    "ejecutar_benchmark",
    "tabla_benchmark",
    "figura_benchmark",
]

#: Configuración del benchmark de la guía: entrada 32, oculto 64, secuencias de 50, lotes de 128, 2 capas.
CONFIG_GUIA = {"input_size": 32, "hidden_size": 64, "seq_len": 50, "tam_lote": 128, "num_layers": 2,
               "num_clases": 2, "dropout": 0.2}
#: Los tres modelos comparados, en el orden de las tablas y figuras.
TIPOS_BENCHMARK = ("RNN", "LSTM", "GRU")
#: Modelos de la medida de calidad: nombre → (tipo, sesgo inicial de olvido o ``None``).
VARIANTES_CALIDAD = {"RNN": ("RNN", None), "LSTM": ("LSTM", None), "GRU": ("GRU", None),
                     "LSTM_sesgo_olvido_2": ("LSTM", 2.0)}
_INFO = {"RNN": (0, False), "LSTM": (3, True), "GRU": (2, False)}
_OPCIONES_DISPOSITIVO = ("cpu", "cuda", "auto")
_MB = 1e6


def crear_modelo_recurrente(tipo: str, input_size: int = 32, hidden_size: int = 64, output_size: int = 2,
                            num_layers: int = 2) -> ClasificadorSecuencias:
    """El modelo del benchmark de la guía: capa recurrente + lineal sobre el último estado.

    Devuelve un :class:`rnnbook.ClasificadorSecuencias` con *dropout* 0.2
    entre capas si hay más de una, como en la guía.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        En cualquier combinación de mayúsculas.
    input_size, hidden_size, output_size, num_layers : int

    Returns
    -------
    ClasificadorSecuencias

    Examples
    --------
    >>> [sum(p.numel() for p in crear_modelo_recurrente(t).parameters()) for t in ("RNN", "LSTM", "GRU")]
    [14722, 58498, 43906]
    """
    num_layers = _v.entero_positivo("num_layers", num_layers)
    return ClasificadorSecuencias(tipo, input_size, hidden_size, output_size, num_layers=num_layers,
                                  dropout=0.2 if num_layers > 1 else 0.0)


def _contar(modelo: nn.Module) -> int:
    return sum(p.numel() for p in modelo.parameters())


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


def medir_paso_entrenamiento(modelo: nn.Module, X: torch.Tensor, y: torch.Tensor, *, repeticiones: int = 45,
                             calentamiento: int = 5, lr: float = 1e-3,
                             dispositivo: str | torch.device = "cpu") -> dict:
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
        raise ValueError(f"X debe ser un Tensor de forma (N, T, D); se recibió {getattr(X, 'shape', type(X))}.")
    if not isinstance(y, torch.Tensor) or tuple(y.shape) != (X.shape[0],):
        raise ValueError(f"y debe ser un Tensor de forma ({X.shape[0]},); se recibió {getattr(y, 'shape', type(y))}.")
    modelo.to(dispositivo).train()
    X, y = X.to(dispositivo), y.to(dispositivo)
    opt = torch.optim.Adam(modelo.parameters(), lr=lr)

    def paso() -> torch.Tensor:
        opt.zero_grad(set_to_none=True)
        perdida = nn.functional.cross_entropy(modelo(X), y)
        perdida.backward()
        opt.step()
        return perdida.detach()

    memoria = memoria_activaciones(modelo, X, y)  # forward + backward sin paso del optimizador
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
    pico = torch.cuda.max_memory_allocated(dispositivo) / _MB if dispositivo.type == "cuda" else None
    return {
        "tiempo_paso_ms": {"mediana": float(q50), "p25": float(q25), "p75": float(q75),
                           "minimo": float(min(medidas)), "maximo": float(max(medidas))},
        "primer_paso_ms": float(muestras[0]),
        "muestras_ms": [float(m) for m in medidas],
        "memoria_activaciones_mb": memoria,
        "memoria_pico_mb": pico,
        "perdida_final": float(perdida.item()),
    }


def lote_nuevo(modelo: nn.Module, *, semilla: int = 1, dispositivo: str | torch.device = "cpu",
               config: dict | None = None) -> dict:
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
    X = torch.randn(c["tam_lote"], c["seq_len"], c["input_size"], generator=g)  # (N, T, D)
    y = torch.randint(0, c["num_clases"], (c["tam_lote"],), generator=g)  # (N,)
    return evaluar(modelo, (X, y), perdida=nn.CrossEntropyLoss(), metricas={"exactitud": exactitud},
                   dispositivo=dispositivo)


def calidad_long_range(tipo: str, *, n: int = 1000, seq_len: int = 50, gap: int | None = None,
                       hidden_size: int = 64, num_layers: int = 2, epocas: int = 3, tam_lote: int = 64,
                       lr: float = 3e-3, sesgo_olvido: float | None = None, semilla: int = 0,
                       dispositivo: str | torch.device = "auto", progreso: bool = False) -> dict:
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
        (:func:`rnnbook.fijar_sesgo_olvido`); ``None`` deja la inicialización
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
    from .gradiente import crear_tarea_long_range

    n = _v.entero_positivo("n", n, minimo=10)
    X, y = crear_tarea_long_range(n=n, seq_len=seq_len, gap=gap, semilla=semilla)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    n_ent, n_val = int(0.7 * n), int(0.15 * n)
    fijar_semilla(semilla)
    modelo = crear_modelo_recurrente(tipo, 1, hidden_size, 2, num_layers)
    if sesgo_olvido is not None:
        if modelo.tipo != "LSTM":
            raise ValueError(f"sesgo_olvido solo tiene sentido con tipo='LSTM'; se recibió tipo={tipo!r}.")
        from .gradiente import fijar_sesgo_olvido

        fijar_sesgo_olvido(modelo.rnn, sesgo_olvido)
    h = entrenar(modelo, (X[:n_ent], y[:n_ent]), (X[n_ent:n_ent + n_val], y[n_ent:n_ent + n_val]),
                 perdida=nn.CrossEntropyLoss(), epocas=epocas, tam_lote=tam_lote, lr=lr, recorte_gradiente=1.0,
                 metricas={"exactitud": exactitud}, monitor="exactitud_validacion", modo="max",
                 dispositivo=dispositivo, semilla=semilla, progreso=progreso)
    prueba = evaluar(modelo, (X[n_ent + n_val:], y[n_ent + n_val:]), metricas={"exactitud": exactitud},
                     dispositivo=dispositivo)
    return {"exactitud_prueba": prueba["exactitud"], "mejor_epoca": h.mejor_epoca,
            "exactitud_validacion": h.columna("exactitud_validacion"), "segundos": h.segundos}


def _normalizar_dispositivos(dispositivos) -> list[str]:
    if isinstance(dispositivos, str) or not isinstance(dispositivos, Sequence):
        raise TypeError(
            "dispositivos debe ser una lista con 'cpu' y/o 'cuda' (o 'auto'); "
            f"se recibió {dispositivos!r}."
        )
    if not dispositivos:
        raise ValueError("dispositivos no puede estar vacío; usa por ejemplo ['cpu'].")
    lista: list[str] = []
    for d in dispositivos:
        _v.opcion("dispositivo", d, _OPCIONES_DISPOSITIVO)
        if d == "auto":
            d = "cuda" if torch.cuda.is_available() else "cpu"
        if d not in lista:
            lista.append(d)
    return lista


def ejecutar_benchmark(salida, dispositivos: Sequence[str] = ("cpu",), semilla: int = 0,
                       progreso: bool = False, *, repeticiones: int = 45, calentamiento: int = 5,
                       calidad: dict | None = None) -> dict:
    """Ejecuta el benchmark completo y escribe ``resultados_benchmark.json`` y ``benchmark_rnn_lstm_gru.png``.

    Para cada dispositivo pedido se ejecuta con los tres modelos de la guía
    (:data:`CONFIG_GUIA`) su propio bucle de pasos de Adam sobre un lote fijo
    de etiquetas aleatorias, cronometrando cada paso
    (:func:`medir_paso_entrenamiento`). En el primer dispositivo disponible,
    además, la «pérdida final» de ese bucle se compara con la de un lote
    nuevo (:func:`lote_nuevo`) y se mide la calidad en la tarea de dependencia
    larga (:func:`calidad_long_range`). Un dispositivo ``"cuda"`` sin GPU no
    es un error: queda registrado con ``"disponible": false``.

    Parameters
    ----------
    salida : str o pathlib.Path
        Carpeta de destino (se crea si no existe).
    dispositivos : list of str
        ``"cpu"``, ``"cuda"`` y/o ``"auto"``.
    semilla : int
    progreso : bool
        Barra de progreso (tqdm).
    repeticiones : int
        Pasos cronometrados por modelo y dispositivo.
    calentamiento : int
        Pasos previos que no se cuentan. ``calentamiento + repeticiones`` es
        el número de pasos del bucle de la guía (50 por defecto).
    calidad : dict, opcional
        Argumentos de :func:`calidad_long_range` (``n``, ``seq_len``, ``gap``,
        ``epocas``…).

    Returns
    -------
    dict
        El mismo contenido que el JSON.

    Notes
    -----
    ``resultados_benchmark.json`` es un objeto JSON con estas claves (esquema ``rnnbook.benchmark/1``)::

        esquema            "rnnbook.benchmark/1"
        version_rnnbook    versión del paquete
        version_torch      versión de PyTorch
        semilla            semilla usada
        configuracion      {input_size, hidden_size, seq_len, tam_lote, num_layers,
                            num_clases, dropout, repeticiones, calentamiento}
        modelos            {RNN|LSTM|GRU: {parametros, puertas, estado_celda}}
        dispositivos       {cpu|cuda: {disponible: bool,
                                       descripcion: str (si disponible),
                                       motivo: str (si no disponible),
                                       hilos: int (solo cpu),
                                       modelos: {RNN|LSTM|GRU: {
                                           tiempo_paso_ms: {mediana, p25, p75, minimo, maximo},
                                           primer_paso_ms,
                                           muestras_ms: [float, ...],
                                           memoria_activaciones_mb,
                                           memoria_pico_mb (null en cpu)}}}}
        memorizacion_guia  {pasos, lr, lote, dispositivo,
                            modelos: {RNN|LSTM|GRU: {perdida_final, perdida_lote_nuevo,
                                                     exactitud_lote_nuevo}}}
        calidad            {tarea, n, seq_len, gap, hidden_size, num_layers, epocas,
                            tam_lote, lr, dispositivo, division,
                            modelos: {RNN|LSTM|GRU|LSTM_sesgo_olvido_2: {
                                tipo, sesgo_olvido (null o float), exactitud_prueba,
                                mejor_epoca, exactitud_validacion: [float, ...],
                                segundos}}}

    Los tiempos están en milisegundos, la memoria en MB (:math:`10^6` bytes) y
    las exactitudes en [0, 1].

    """
    from tqdm.auto import tqdm

    from . import __version__

    salida = Path(salida)
    if salida.exists() and not salida.is_dir():
        raise ValueError(f"salida debe ser una carpeta; {str(salida)!r} es un archivo.")
    dispositivos = _normalizar_dispositivos(dispositivos)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    repeticiones = _v.entero_positivo("repeticiones", repeticiones)
    calentamiento = _v.entero_positivo("calentamiento", calentamiento, minimo=0)
    if calidad is not None and not isinstance(calidad, dict):
        raise TypeError(f"calidad debe ser un dict o None; se recibió {type(calidad).__name__}.")
    calidad = dict(calidad or {})
    for prohibida in ("semilla", "dispositivo", "progreso", "sesgo_olvido"):
        if prohibida in calidad:
            raise ValueError(f"calidad no puede incluir {prohibida!r}: lo fija el propio benchmark.")
    c = CONFIG_GUIA
    disponibles = [d for d in dispositivos if d == "cpu" or torch.cuda.is_available()]
    tareas = len(disponibles) * len(TIPOS_BENCHMARK) + (len(VARIANTES_CALIDAD) if disponibles else 0)
    barra = tqdm(total=tareas, desc="Benchmark", unit="medida", disable=not progreso)

    resultados: dict = {
        "esquema": "rnnbook.benchmark/1",
        "version_rnnbook": __version__,
        "version_torch": torch.__version__,
        "semilla": semilla,
        "configuracion": dict(c, repeticiones=repeticiones, calentamiento=calentamiento),
        "modelos": {t: {"parametros": _contar(crear_modelo_recurrente(t)), "puertas": _INFO[t][0],
                        "estado_celda": _INFO[t][1]} for t in TIPOS_BENCHMARK},
        "dispositivos": {},
    }
    memo = {"pasos": calentamiento + repeticiones, "lr": 1e-3, "lote": c["tam_lote"],
            "dispositivo": disponibles[0] if disponibles else None, "modelos": {}}
    g = torch.Generator().manual_seed(semilla)
    X = torch.randn(c["tam_lote"], c["seq_len"], c["input_size"], generator=g)  # (N, T, D)
    y = torch.randint(0, c["num_clases"], (c["tam_lote"],), generator=g)  # (N,) etiquetas al azar
    for d in dispositivos:
        if d not in disponibles:
            resultados["dispositivos"][d] = {"disponible": False, "motivo": "no hay ninguna GPU CUDA disponible"}
            continue
        dev = torch.device(d)
        entrada = {"disponible": True, "descripcion": describir_dispositivo(dev), "modelos": {}}
        if d == "cpu":
            entrada["hilos"] = torch.get_num_threads()
        for t in TIPOS_BENCHMARK:
            barra.set_postfix_str(f"{t} en {d}")
            fijar_semilla(semilla)
            modelo = crear_modelo_recurrente(t)
            r = medir_paso_entrenamiento(modelo, X, y, repeticiones=repeticiones, calentamiento=calentamiento,
                                         dispositivo=dev)
            perdida_final = r.pop("perdida_final")
            entrada["modelos"][t] = r
            if d == disponibles[0]:
                nuevo = lote_nuevo(modelo, semilla=semilla + 1, dispositivo=dev)
                memo["modelos"][t] = {"perdida_final": perdida_final, "perdida_lote_nuevo": nuevo["perdida"],
                                      "exactitud_lote_nuevo": nuevo["exactitud"]}
            barra.update()
        resultados["dispositivos"][d] = entrada

    if disponibles:
        dev = disponibles[0]
        resultados["memorizacion_guia"] = memo
        opciones = dict({"n": 1000, "seq_len": c["seq_len"], "gap": None, "hidden_size": c["hidden_size"],
                         "num_layers": c["num_layers"], "epocas": 3, "tam_lote": 64, "lr": 3e-3}, **calidad)
        cal = dict(tarea="crear_tarea_long_range", dispositivo=dev, division="70/15/15", **opciones)
        cal["gap"] = opciones["seq_len"] - 1 if opciones["gap"] is None else opciones["gap"]
        cal["modelos"] = {}
        for nombre, (t, sesgo) in VARIANTES_CALIDAD.items():
            barra.set_postfix_str(f"calidad {nombre}")
            r = calidad_long_range(t, sesgo_olvido=sesgo, semilla=semilla, dispositivo=dev, **opciones)
            cal["modelos"][nombre] = dict(tipo=t, sesgo_olvido=sesgo, **r)
            barra.update()
        resultados["calidad"] = cal
    barra.close()

    salida.mkdir(parents=True, exist_ok=True)
    (salida / "resultados_benchmark.json").write_text(
        json.dumps(resultados, ensure_ascii=False, indent=2), encoding="utf-8")
    import matplotlib.pyplot as plt

    fig = figura_benchmark(resultados)
    guardar_figura(fig, salida / "benchmark_rnn_lstm_gru.png")
    plt.close(fig)
    return resultados


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
            fila["exactitud_prueba_sesgo_olvido_2"] = (cal["LSTM_sesgo_olvido_2"]["exactitud_prueba"]
                                                       if t == "LSTM" and "LSTM_sesgo_olvido_2" in cal
                                                       else float("nan"))
        filas.append(fila)
    return pd.DataFrame(filas).set_index("modelo")


def figura_benchmark(resultados: dict):
    """Figura del benchmark (``benchmark_rnn_lstm_gru.png``): seis paneles.

    Parámetros, tiempo por paso (mediana y rango intercuartílico, una barra
    por dispositivo), memoria de activaciones, la pérdida «final» de la guía
    frente a la de un lote nuevo, la exactitud de prueba en la tarea de
    dependencia larga y un recuadro con la configuración.

    Parameters
    ----------
    resultados : dict
        Salida de :func:`ejecutar_benchmark` (o el JSON leído).

    Returns
    -------
    matplotlib.figure.Figure
    """
    tipos = list(TIPOS_BENCHMARK)
    colores = [PALETA[t.lower()] for t in tipos]
    x = np.arange(len(tipos))
    fig, ejes = nueva_figura(2, 3, ancho=14.0, alto=8.0)
    (a_par, a_t, a_mem), (a_memo, a_cal, a_txt) = ejes

    def barras(ax, valores, fmt, desplazamiento=0.0, ancho=0.6, **kw):
        b = ax.bar(x + desplazamiento, valores, ancho, edgecolor="black", linewidth=0.8, **kw)
        ax.bar_label(b, labels=[fmt.format(v) for v in valores], padding=2, fontsize=8)
        ax.set_xticks(x, tipos)
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.15)
        return b

    barras(a_par, [resultados["modelos"][t]["parametros"] for t in tipos], "{:,}", color=colores)
    a_par.set_ylabel("parámetros")
    a_par.set_title("Número de parámetros")

    disp = [d for d, info in resultados["dispositivos"].items() if info["disponible"]]
    ancho = 0.8 / max(len(disp), 1)
    tramas = ["", "//"]
    for i, d in enumerate(disp):
        mods = resultados["dispositivos"][d]["modelos"]
        med = [mods[t]["tiempo_paso_ms"]["mediana"] for t in tipos]
        err = np.array([[med[j] - mods[t]["tiempo_paso_ms"]["p25"], mods[t]["tiempo_paso_ms"]["p75"] - med[j]]
                        for j, t in enumerate(tipos)]).T
        off = (i - (len(disp) - 1) / 2) * ancho
        barras(a_t, med, "{:.1f}", off, ancho, color=colores, hatch=tramas[i % 2], yerr=err, capsize=3,
               label=d)
        barras(a_mem, [mods[t]["memoria_activaciones_mb"] for t in tipos], "{:.1f}", off, ancho,
               color=colores, hatch=tramas[i % 2], label=d)
    a_t.set_ylabel("ms por paso (mediana, barras = p25–p75)")
    a_t.set_title("Tiempo por paso de entrenamiento")
    a_mem.set_ylabel("MB guardados para el backward")
    a_mem.set_title("Memoria de activaciones por paso")
    if len(disp) > 1:
        a_t.legend(title="dispositivo")
        a_mem.legend(title="dispositivo")

    if "memorizacion_guia" in resultados:
        from matplotlib.patches import Patch

        m = resultados["memorizacion_guia"]["modelos"]
        nuevos = [m[t]["perdida_lote_nuevo"] for t in tipos]
        barras(a_memo, [m[t]["perdida_final"] for t in tipos], "{:.3f}", -0.2, 0.4, color=colores)
        barras(a_memo, nuevos, "{:.3f}", 0.2, 0.4, color="white", hatch="..")
        linea = a_memo.axhline(np.log(2), color=PALETA["estado"], ls=":", lw=1)
        a_memo.set_ylim(0, 1.55 * max(max(nuevos), np.log(2)))
        a_memo.set_ylabel("entropía cruzada")
        a_memo.set_title("Lo que mide la guía: memorizar ruido")
        a_memo.legend([Patch(facecolor="#bbbbbb", edgecolor="black"),
                       Patch(facecolor="white", edgecolor="black", hatch=".."), linea],
                      ["lote memorizado («pérdida final» de la guía)", "lote nuevo de etiquetas aleatorias",
                       "ln 2 (responder 50 %/50 %)"], fontsize=8, loc="upper left")
    if "calidad" in resultados:
        cal = resultados["calidad"]
        nombres = list(cal["modelos"])
        valores = [100 * cal["modelos"][k]["exactitud_prueba"] for k in nombres]
        xs = np.arange(len(nombres))
        b = a_cal.bar(xs, valores, 0.6, edgecolor="black", linewidth=0.8,
                      color=[PALETA[cal["modelos"][k]["tipo"].lower()] for k in nombres])
        for barra_i, k in zip(b, nombres):
            if cal["modelos"][k]["sesgo_olvido"] is not None:
                barra_i.set_hatch("//")
        a_cal.bar_label(b, labels=[f"{v:.1f} %" for v in valores], padding=2, fontsize=8)
        a_cal.set_xticks(xs, [k if cal["modelos"][k]["sesgo_olvido"] is None
                              else f"{cal['modelos'][k]['tipo']}\nb_f = {cal['modelos'][k]['sesgo_olvido']:g}"
                              for k in nombres])
        a_cal.grid(axis="x", visible=False)
        a_cal.axhline(50, color=PALETA["estado"], ls=":", lw=1, label="azar")
        a_cal.set_ylim(0, 115)
        a_cal.set_ylabel("exactitud de prueba (%)")
        a_cal.set_title(f"Calidad: recordar un signo {cal['gap']} pasos")
        a_cal.legend(loc="upper right", fontsize=8)
    cfg = resultados["configuracion"]
    texto = (f"Configuración de la guía\n"
             f"entrada D = {cfg['input_size']}, oculto H = {cfg['hidden_size']}\n"
             f"T = {cfg['seq_len']} pasos, lote N = {cfg['tam_lote']}, {cfg['num_layers']} capas\n\n"
             f"Tiempo: mediana de {cfg['repeticiones']} pasos\n"
             f"tras {cfg['calentamiento']} de calentamiento\n"
             f"Dispositivos: {', '.join(disp) if disp else 'ninguno'}")
    a_txt.axis("off")
    a_txt.text(0.02, 0.95, texto, va="top", ha="left", fontsize=10, family="monospace",
               transform=a_txt.transAxes)
    fig.suptitle("Benchmark: RNN frente a LSTM frente a GRU", fontsize=13, fontweight="bold")
    return fig
