"""Los entregables de la guía: lo que escribe ``python -m rnnbook`` en una carpeta.

Cada orden de la línea de órdenes llama a una función de aquí, que entrena o
mide con los experimentos de :mod:`rnnbook.experimentos`, guarda modelos y
JSON y dibuja con :mod:`rnnbook.figuras`.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from torch import nn

from . import validacion as _v
from .datos.caracteres import cargar_corpus, preparar_datos_caracteres
from .datos.sentimiento import datos_sentimiento
from .datos.series import preparar_datos_series
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla
from .entrenamiento import evaluar, exactitud, guardar_modelo
from .experimentos.benchmark import (
    CONFIG_GUIA,
    TIPOS_BENCHMARK,
    VARIANTES_CALIDAD,
    calidad_long_range,
    lote_nuevo,
    medir_paso_entrenamiento,
)
from .experimentos.generacion import (
    HIPERPARAMETROS_CARACTERES,
    bpc_validacion,
    cargar_generador,
    entrenar_caracteres,
    generar_texto,
    guardar_generador,
    lineas_base_bpc,
    validar_top_k,
)
from .experimentos.sentimiento import EPOCAS_LIBRO, entrenar_sentimiento
from .experimentos.series import (
    entrenar_predictor_series,
    evaluar_predictor_series,
    tabla_referencias_series,
)
from .figuras.benchmark import figura_benchmark
from .figuras.estilo import guardar_figura
from .figuras.generacion import figura_curvas_caracteres
from .figuras.sentimiento import figura_curvas_sentimiento
from .figuras.series import figura_prediccion_series
from .modelos.caracteres import LSTMCaracteres
from .modelos.fabrica import crear_modelo_recurrente
from .modelos.parametros import contar_parametros
from .modelos.sentimiento import crear_sentiment_lstm
from .modelos.series import HIPERPARAMETROS_SERIES, crear_predictor_series

__all__ = [
    "ejecutar_benchmark",
    "FIGURAS_GUIA",
    "generar_figuras",
    "ejecutar_generacion",
    "ejecutar_sentimiento",
    "ejecutar_series",
    "ejecutar_gru",
]
_INFO = {"RNN": (0, False), "LSTM": (3, True), "GRU": (2, False)}
_OPCIONES_DISPOSITIVO = ("cpu", "cuda", "auto")


def _contar(modelo: nn.Module) -> int:
    return sum(p.numel() for p in modelo.parameters())


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


def ejecutar_benchmark(
    salida,
    dispositivos: Sequence[str] = ("cpu",),
    semilla: int = 0,
    progreso: bool = False,
    *,
    repeticiones: int = 45,
    calentamiento: int = 5,
    calidad: dict | None = None,
) -> dict:
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
        raise TypeError(
            f"calidad debe ser un dict o None; se recibió {type(calidad).__name__}."
        )
    calidad = dict(calidad or {})
    for prohibida in ("semilla", "dispositivo", "progreso", "sesgo_olvido"):
        if prohibida in calidad:
            raise ValueError(
                f"calidad no puede incluir {prohibida!r}: lo fija el propio benchmark."
            )
    c = CONFIG_GUIA
    disponibles = [d for d in dispositivos if d == "cpu" or torch.cuda.is_available()]
    tareas = len(disponibles) * len(TIPOS_BENCHMARK) + (
        len(VARIANTES_CALIDAD) if disponibles else 0
    )
    barra = tqdm(total=tareas, desc="Benchmark", unit="medida", disable=not progreso)

    resultados: dict = {
        "esquema": "rnnbook.benchmark/1",
        "version_rnnbook": __version__,
        "version_torch": torch.__version__,
        "semilla": semilla,
        "configuracion": dict(
            c, repeticiones=repeticiones, calentamiento=calentamiento
        ),
        "modelos": {
            t: {
                "parametros": _contar(crear_modelo_recurrente(t)),
                "puertas": _INFO[t][0],
                "estado_celda": _INFO[t][1],
            }
            for t in TIPOS_BENCHMARK
        },
        "dispositivos": {},
    }
    memo = {
        "pasos": calentamiento + repeticiones,
        "lr": 1e-3,
        "lote": c["tam_lote"],
        "dispositivo": disponibles[0] if disponibles else None,
        "modelos": {},
    }
    g = torch.Generator().manual_seed(semilla)
    X = torch.randn(
        c["tam_lote"], c["seq_len"], c["input_size"], generator=g
    )  # (N, T, D)
    y = torch.randint(
        0, c["num_clases"], (c["tam_lote"],), generator=g
    )  # (N,) etiquetas al azar
    for d in dispositivos:
        if d not in disponibles:
            resultados["dispositivos"][d] = {
                "disponible": False,
                "motivo": "no hay ninguna GPU CUDA disponible",
            }
            continue
        dev = torch.device(d)
        entrada = {
            "disponible": True,
            "descripcion": describir_dispositivo(dev),
            "modelos": {},
        }
        if d == "cpu":
            entrada["hilos"] = torch.get_num_threads()
        for t in TIPOS_BENCHMARK:
            barra.set_postfix_str(f"{t} en {d}")
            fijar_semilla(semilla)
            modelo = crear_modelo_recurrente(t)
            r = medir_paso_entrenamiento(
                modelo,
                X,
                y,
                repeticiones=repeticiones,
                calentamiento=calentamiento,
                dispositivo=dev,
            )
            perdida_final = r.pop("perdida_final")
            entrada["modelos"][t] = r
            if d == disponibles[0]:
                nuevo = lote_nuevo(modelo, semilla=semilla + 1, dispositivo=dev)
                memo["modelos"][t] = {
                    "perdida_final": perdida_final,
                    "perdida_lote_nuevo": nuevo["perdida"],
                    "exactitud_lote_nuevo": nuevo["exactitud"],
                }
            barra.update()
        resultados["dispositivos"][d] = entrada

    if disponibles:
        dev = disponibles[0]
        resultados["memorizacion_guia"] = memo
        opciones = dict(
            {
                "n": 1000,
                "seq_len": c["seq_len"],
                "gap": None,
                "hidden_size": c["hidden_size"],
                "num_layers": c["num_layers"],
                "epocas": 3,
                "tam_lote": 64,
                "lr": 3e-3,
            },
            **calidad,
        )
        cal = dict(
            tarea="crear_tarea_long_range",
            dispositivo=dev,
            division="70/15/15",
            **opciones,
        )
        cal["gap"] = (
            opciones["seq_len"] - 1 if opciones["gap"] is None else opciones["gap"]
        )
        cal["modelos"] = {}
        for nombre, (t, sesgo) in VARIANTES_CALIDAD.items():
            barra.set_postfix_str(f"calidad {nombre}")
            r = calidad_long_range(
                t, sesgo_olvido=sesgo, semilla=semilla, dispositivo=dev, **opciones
            )
            cal["modelos"][nombre] = dict(tipo=t, sesgo_olvido=sesgo, **r)
            barra.update()
        resultados["calidad"] = cal
    barra.close()

    salida.mkdir(parents=True, exist_ok=True)
    (salida / "resultados_benchmark.json").write_text(
        json.dumps(resultados, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    import matplotlib.pyplot as plt

    fig = figura_benchmark(resultados)
    guardar_figura(fig, salida / "benchmark_rnn_lstm_gru.png")
    plt.close(fig)
    return resultados


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
    from .figuras.rnn import figura_rnn_desenrollada

    return _guardar(figura_rnn_desenrollada(seq_len=4), salida / "rnn_desenvuelta.png")


def _bptt_convergencia(salida: Path, semilla: int, dispositivo: str) -> Path:
    # La misma figura que la página de BPTT de la Parte 1: la tasa de la guía hasta
    # pérdida 0.01 y dos tasas mayores durante los 200 pasos de la guía.
    from .experimentos.rnn import (
        barrido_tasa_aprendizaje,
        entrenar_bptt,
        problema_guia_bptt,
    )
    from .figuras.rnn import figura_convergencia_bptt

    hist = entrenar_bptt(*problema_guia_bptt(lr=0.01), pasos=5000, umbral=0.01)
    _, historiales = barrido_tasa_aprendizaje([0.1, 1.0], pasos=200, umbral=0.01)
    fig = figura_convergencia_bptt(
        {
            "η = 0.01 (guía)": hist["perdida"],
            "η = 0.1": historiales[0.1]["perdida"],
            "η = 1.0": historiales[1.0]["perdida"],
        },
        umbral=0.01,
    )
    return _guardar(fig, salida / "bptt_convergencia.png")


def _gradiente_desvaneciente(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .experimentos.gradiente import flujo_gradiente_tanh, simular_flujo_gradiente
    from .figuras.gradiente import figura_flujo_gradiente

    fig = figura_flujo_gradiente(simular_flujo_gradiente(), flujo_gradiente_tanh())
    return _guardar(fig, salida / "gradiente_desvaneciente.png")


def _lstm_gates(salida: Path, semilla: int, dispositivo: str) -> Path:
    from .figuras.lstm import figura_puertas_lstm

    return _guardar(figura_puertas_lstm(), salida / "lstm_gates.png")


def _lstm_sentimiento(salida: Path, semilla: int, dispositivo: str) -> Path:
    ejecutar_sentimiento(
        salida, dispositivo=dispositivo, semilla=semilla, progreso=False
    )
    return salida / "lstm_sentimiento.png"


def _lstm_series_tiempo(salida: Path, semilla: int, dispositivo: str) -> Path:
    ejecutar_series(salida, dispositivo=dispositivo, semilla=semilla, progreso=False)
    return salida / "lstm_series_tiempo.png"


def _benchmark(salida: Path, semilla: int, dispositivo: str) -> Path:
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


def generar_figuras(
    salida,
    semilla: int = 0,
    progreso: bool = False,
    *,
    dispositivo: str = "auto",
    solo=None,
) -> list[Path]:
    """Regenera en ``salida`` las siete figuras que nombra la guía.

    Cada figura la dibuja la función del libro que la posee:

    =============================== ==========================================================
    archivo                         función
    =============================== ==========================================================
    ``rnn_desenvuelta.png``         :func:`rnnbook.figuras.figura_rnn_desenrollada`
    ``bptt_convergencia.png``       :func:`rnnbook.figuras.figura_convergencia_bptt` (BPTT de la §1.3)
    ``gradiente_desvaneciente.png`` :func:`rnnbook.figuras.figura_flujo_gradiente`
    ``lstm_gates.png``              :func:`rnnbook.figuras.figura_puertas_lstm`
    ``lstm_sentimiento.png``        :func:`rnnbook.entregables.ejecutar_sentimiento` (entrena el modelo)
    ``lstm_series_tiempo.png``      :func:`rnnbook.entregables.ejecutar_series` (entrena el modelo)
    ``benchmark_rnn_lstm_gru.png``  :func:`rnnbook.entregables.ejecutar_benchmark`
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
            raise RuntimeError(
                f"No se generó {nombre}: se esperaba el archivo {str(ruta)!r}."
            )
        rutas.append(Path(ruta))
    barra.close()
    return rutas


# ======================================================================== línea de órdenes
def ejecutar_generacion(
    salida=None,
    *,
    corpus=None,
    modelo=None,
    inicio: str = "La red ",
    longitud: int = 500,
    temperatura: float = 1.0,
    top_k: int | None = None,
    epocas: int | None = None,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool = False,
) -> dict:
    """Orden ``generar`` de la línea de órdenes: entrena (o carga) un modelo de caracteres y genera texto.

    Parameters
    ----------
    salida : str o pathlib.Path, opcional
        Carpeta donde escribir ``modelo_caracteres.pth`` y
        ``generador_caracteres.json`` (el *checkpoint*, reutilizable con
        ``modelo``), ``metricas_generacion.json``, ``texto_generado.txt`` y,
        si se entrena, ``curvas_caracteres.png``. Sin ella no se escribe nada.
    corpus : str o pathlib.Path, opcional
        Archivo UTF-8 con el que entrenar; por defecto, el corpus del libro.
    modelo : str o pathlib.Path, opcional
        Carpeta de un generador ya guardado: se carga en lugar de entrenar
        (no se admite junto con ``corpus``).
    inicio, longitud, temperatura, top_k, semilla
        Véase :func:`generar_texto`. La semilla también fija la
        inicialización y el barajado del entrenamiento.
    epocas : int, opcional
        Épocas de entrenamiento (por defecto, las de
        :data:`~rnnbook.experimentos.generacion.HIPERPARAMETROS_CARACTERES`).
    dispositivo : {"auto", "cpu", "cuda"}
    progreso : bool
        Barra de progreso del entrenamiento.

    Returns
    -------
    dict
        ``texto`` (inicio + generado) y las métricas: ``bpc_validacion``,
        ``bpc_uniforme``, ``bpc_unigrama`` (si se entrenó), ``tam_vocab``,
        ``parametros``, ``dispositivo``...
    """
    if corpus is not None and modelo is not None:
        raise ValueError(
            "corpus y modelo no se admiten juntos: un modelo guardado ya trae su vocabulario."
        )
    # Todo lo que se puede comprobar antes de entrenar, se comprueba antes de entrenar.
    if not isinstance(inicio, str) or not inicio:
        raise ValueError(
            "inicio debe ser un texto no vacío: la red necesita al menos un carácter del que partir."
        )
    longitud = _v.entero_positivo("longitud", longitud)
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = validar_top_k(top_k)
    if epocas is not None:
        epocas = _v.entero_positivo("epocas", epocas)
    disp = elegir_dispositivo(dispositivo)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    metricas: dict = {
        "dispositivo": describir_dispositivo(disp),
        "semilla": semilla,
        "inicio": inicio,
        "longitud": longitud,
        "temperatura": temperatura,
        "top_k": top_k,
    }
    historial = None
    if modelo is not None:
        red, vocabulario = cargar_generador(modelo, disp)
        metricas["modelo"] = str(modelo)
    else:
        hp = HIPERPARAMETROS_CARACTERES
        texto = cargar_corpus(corpus)
        datos = preparar_datos_caracteres(
            texto, hp["longitud_secuencia"], hp["fraccion_validacion"]
        )
        vocabulario = datos.vocabulario
        fijar_semilla(semilla)
        red = LSTMCaracteres(
            len(vocabulario), hp["dim_embedding"], hp["hidden_size"], hp["num_layers"]
        )
        historial = entrenar_caracteres(
            red,
            datos,
            epocas=epocas,
            semilla=semilla,
            dispositivo=disp,
            progreso=progreso,
        )
        base = lineas_base_bpc(datos)
        metricas.update(
            {
                "corpus": "libro" if corpus is None else str(corpus),
                "caracteres_corpus": len(texto),
                "epocas": len(historial.epocas),
                "segundos": historial.segundos,
                "bpc_validacion": bpc_validacion(red, datos, disp),
                "bpc_uniforme": base["uniforme"],
                "bpc_unigrama": base["unigrama"],
                "historial": historial.epocas,
            }
        )
    metricas.update(
        {"tam_vocab": len(vocabulario), "parametros": contar_parametros(red)}
    )
    generado = generar_texto(
        red, vocabulario, inicio, longitud, temperatura, top_k, semilla
    )
    metricas["texto"] = inicio + generado
    if salida is not None:
        salida = Path(salida)
        salida.mkdir(parents=True, exist_ok=True)
        guardar_generador(red, vocabulario, salida)
        (salida / "texto_generado.txt").write_text(
            metricas["texto"] + "\n", encoding="utf-8"
        )
        (salida / "metricas_generacion.json").write_text(
            json.dumps(metricas, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if historial is not None:
            import matplotlib.pyplot as plt

            fig = figura_curvas_caracteres(
                historial,
                {
                    "uniforme": metricas["bpc_uniforme"],
                    "unigrama": metricas["bpc_unigrama"],
                },
            )
            guardar_figura(fig, salida / "curvas_caracteres.png")
            plt.close(fig)
    return metricas


# ------------------------------------------------------------------------ línea de órdenes
def ejecutar_sentimiento(
    salida,
    *,
    dispositivo="auto",
    epocas: int | None = None,
    semilla: int = 0,
    progreso: bool = False,
) -> dict:
    """Tarea ``sentimiento`` de la línea de órdenes: entrena, evalúa y guarda.

    Escribe en ``salida`` ``modelo_sentimiento.pth`` (``state_dict``),
    ``metricas_sentimiento.json`` y ``lstm_sentimiento.png``. Con los valores
    por defecto reproduce las cifras del libro.

    Parameters
    ----------
    salida : str o pathlib.Path
        Carpeta de destino (se crea si no existe).
    dispositivo : {"auto", "cpu", "cuda"}
    epocas : int, opcional
        Por defecto, las del libro (5).
    semilla : int
    progreso : bool

    Returns
    -------
    dict
        Las métricas escritas en el JSON: ``test_accuracy``, ``val_accuracy``,
        ``parametros``, ``epocas``, ``segundos``, ``dispositivo``,
        ``historial``…
    """
    salida = Path(salida)
    epocas = EPOCAS_LIBRO if epocas is None else _v.entero_positivo("epocas", epocas)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    disp = elegir_dispositivo(dispositivo)
    salida.mkdir(parents=True, exist_ok=True)
    ent, val, prueba = datos_sentimiento()
    modelo = crear_sentiment_lstm(semilla)
    h = entrenar_sentimiento(
        modelo,
        ent,
        val,
        epocas=epocas,
        semilla=semilla,
        dispositivo=disp,
        progreso=progreso,
    )
    res = evaluar(
        modelo,
        prueba.tensores(),
        perdida=nn.CrossEntropyLoss(),
        metricas={"exactitud": exactitud},
        dispositivo=disp,
    )
    guardar_modelo(modelo, salida / "modelo_sentimiento.pth")
    fig = figura_curvas_sentimiento(h)
    guardar_figura(fig, salida / "lstm_sentimiento.png")
    import matplotlib.pyplot as plt

    plt.close(fig)
    mejor = h.epocas[(h.mejor_epoca or len(h.epocas)) - 1]
    metricas = {
        "tarea": "sentimiento",
        "modelo": "SentimentLSTM",
        "parametros": contar_parametros(modelo),
        "epocas": len(h.epocas),
        "mejor_epoca": h.mejor_epoca,
        "semilla": semilla,
        "dispositivo": describir_dispositivo(disp),
        "segundos": h.segundos,
        "test_accuracy": res["exactitud"],
        "test_loss": res["perdida"],
        "val_accuracy": mejor["exactitud_validacion"],
        "n_entrenamiento": len(ent),
        "n_validacion": len(val),
        "n_prueba": len(prueba),
        "historial": h.epocas,
    }
    (salida / "metricas_sentimiento.json").write_text(
        json.dumps(metricas, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return metricas


# ------------------------------------------------------------------------ línea de órdenes
def _ejecutar(
    tipo: str,
    salida,
    nombre_modelo: str,
    nombre_figura: str,
    *,
    dispositivo,
    epocas,
    semilla,
    progreso,
) -> dict:
    salida = Path(salida)
    epocas = (
        HIPERPARAMETROS_SERIES["epocas"]
        if epocas is None
        else _v.entero_positivo("epocas", epocas)
    )
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    disp = elegir_dispositivo(dispositivo)
    salida.mkdir(parents=True, exist_ok=True)
    datos = preparar_datos_series()
    modelo = crear_predictor_series(tipo, semilla)
    h = entrenar_predictor_series(
        modelo,
        datos,
        epocas=epocas,
        semilla=semilla,
        dispositivo=disp,
        progreso=progreso,
    )
    ev = evaluar_predictor_series(modelo, datos, dispositivo=disp)
    refs = tabla_referencias_series(datos)["MSE de prueba"]
    guardar_modelo(modelo, salida / nombre_modelo)
    fig = figura_prediccion_series(
        datos.instantes["prueba"],
        datos.y["prueba"],
        {tipo: ev["prediccion_prueba"]},
        limpia=datos.limpia["prueba"],
        titulo=f"{tipo}: predicción de la serie de tiempo (conjunto de prueba)",
    )
    guardar_figura(fig, salida / nombre_figura)
    import matplotlib.pyplot as plt

    plt.close(fig)
    metricas = {
        "tarea": "series" if tipo == "LSTM" else "gru",
        "modelo": type(modelo).__name__,
        "parametros": contar_parametros(modelo),
        "epocas": len(h.epocas),
        "mejor_epoca": h.mejor_epoca,
        "semilla": semilla,
        "dispositivo": describir_dispositivo(disp),
        "segundos": h.segundos,
        "segundos_por_epoca": statistics.median(h.columna("segundos")),
        "test_mse": ev["test_mse"],
        "val_mse": ev["val_mse"],
        "piso_ruido_mse": ev["piso_ruido_mse"],
        "razon_piso": ev["razon_piso"],
        "persistencia_mse": float(refs.iloc[1]),
        "autorregresivo_mse": float(refs.iloc[2]),
        "n_entrenamiento": datos.tamanos()["entrenamiento"],
        "n_validacion": datos.tamanos()["validacion"],
        "n_prueba": datos.tamanos()["prueba"],
        "historial": h.epocas,
    }
    (salida / f"metricas_{metricas['tarea']}.json").write_text(
        json.dumps(metricas, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return metricas


def ejecutar_series(
    salida,
    *,
    dispositivo="auto",
    epocas: int | None = None,
    semilla: int = 0,
    progreso: bool = False,
) -> dict:
    """Tarea ``series`` de la línea de órdenes: LSTM de la §3.2.

    Escribe en ``salida`` ``modelo_series.pth``, ``metricas_series.json`` y
    ``lstm_series_tiempo.png``. Con los valores por defecto reproduce las
    cifras del libro.

    Returns
    -------
    dict
        Las métricas del JSON: ``test_mse``, ``piso_ruido_mse``,
        ``razon_piso``, ``persistencia_mse``, ``autorregresivo_mse``,
        ``val_mse``, ``parametros``, ``epocas``, ``segundos``,
        ``dispositivo``, ``historial``…
    """
    return _ejecutar(
        "LSTM",
        salida,
        "modelo_series.pth",
        "lstm_series_tiempo.png",
        dispositivo=dispositivo,
        epocas=epocas,
        semilla=semilla,
        progreso=progreso,
    )


def ejecutar_gru(
    salida,
    *,
    dispositivo="auto",
    epocas: int | None = None,
    semilla: int = 0,
    progreso: bool = False,
) -> dict:
    """Tarea ``gru`` de la línea de órdenes: la GRU de la §3.3 con el mismo protocolo.

    Escribe ``modelo_gru.pth``, ``metricas_gru.json`` y
    ``gru_series_tiempo.png``.

    Returns
    -------
    dict
        Las mismas claves que :func:`ejecutar_series`.
    """
    return _ejecutar(
        "GRU",
        salida,
        "modelo_gru.pth",
        "gru_series_tiempo.png",
        dispositivo=dispositivo,
        epocas=epocas,
        semilla=semilla,
        progreso=progreso,
    )
