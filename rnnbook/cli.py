"""Línea de órdenes de ``rnnbook``: ``python -m rnnbook <orden> ...`` (o ``rnnbook <orden> ...``).

Órdenes:

``entrenar {sentimiento,series,gru} --salida DIR [--dispositivo auto|cpu|cuda] [--epocas N] [--semilla S]``
    Entrena un modelo de la Parte 3 y escribe en ``DIR`` sus pesos, un JSON de
    métricas y su figura.
``benchmark --salida DIR [--dispositivo auto|cpu|cuda|todos] [--semilla S]``
    Comparación RNN / LSTM / GRU (``resultados_benchmark.json`` y su figura).
``figuras --salida DIR [--semilla S]``
    Regenera las figuras que nombra la guía.
``generar [--corpus ARCHIVO | --modelo DIR] [--salida DIR] [--inicio TEXTO] [--longitud N] [--temperatura T] [--top-k K] [--epocas N] [--semilla S] [--dispositivo ...]``
    Entrena una LSTM de caracteres (o carga una guardada) y genera texto
    (ejercicio A2).
``comprobar {celda_rnn,bptt,celda_lstm,celda_gru} ARCHIVO.py``
    Comprueba la clase que escribió el estudiante (Partes 1 y 2) con las
    pruebas del libro: una línea por comprobación (✓, ✗ o ⚠) y un resumen.
    Termina con 0 si todo se cumple, 1 si falla alguna comprobación (también
    si el código del estudiante lanza una excepción) y 2 si la orden está mal
    dada (tarea desconocida, archivo inexistente o sin la clase).

La ayuda y los errores están en español: :class:`AnalizadorArgumentos` es un
``argparse.ArgumentParser`` con títulos propios, su propia opción ``-h`` y los
mensajes de error traducidos, sin modificar ``argparse`` para nadie más.
:func:`traducir_error` traduce también los errores del sistema operativo
(``[Errno 13] Permission denied: ...``) con los que puede fallar una orden.

Códigos de salida: 0 si todo fue bien; 2 si un argumento no es válido (también
una carpeta ``--salida`` en la que no se puede escribir: se comprueba antes de
empezar); 1 si la orden no pudo hacer su trabajo (p. ej. ``--dispositivo cuda``
sin GPU, en todas las órdenes que lo aceptan y antes de escribir nada); 130 si
se interrumpe con Ctrl+C.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from pathlib import Path

from .libro import formato_miles

__all__ = []

TAREAS = ("sentimiento", "series", "gru")

#: Las tareas de ``comprobar`` (la clase de cada una está en :data:`rnnbook.comprobar.TAREAS`).
TAREAS_COMPROBAR = ("celda_rnn", "bptt", "celda_lstm", "celda_gru")


# ------------------------------------------------------------------ argparse en español
class _Formateador(argparse.RawDescriptionHelpFormatter):
    """Formateador de ayuda con «uso:» en lugar de «usage:»."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(
            usage, actions, groups, "uso: " if prefix is None else prefix
        )


# (patrón, sustitución) para los mensajes de error que argparse genera en inglés.
_ERRORES = [
    (
        r"^the following arguments are required: (.*)$",
        r"faltan argumentos obligatorios: \1",
    ),
    (r"^unrecognized arguments: (.*)$", r"argumentos no reconocidos: \1"),
    (
        r"^invalid choice: (.*?) \(choose from (.*)\)$",
        r"opción no válida: \1 (elige entre \2)",
    ),
    (r"^expected one argument$", r"falta el valor"),
    (r"^expected at least one argument$", r"falta al menos un valor"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"opción ambigua: \1 puede ser \2"),
    (r"^invalid (\w+) value: (.*)$", r"valor no válido (\1): \2"),
    (
        r"^one of the arguments (.*) is required$",
        r"hace falta uno de los argumentos \1",
    ),
    (r"^not allowed with argument (.*)$", r"no se admite junto con el argumento \1"),
    (r"^ignored explicit argument (.*)$", r"se ignoró el valor explícito \1"),
    # Errores del sistema operativo: ``str(OSError)`` es «[Errno N] descripción: 'ruta'».
    (r"^\[Errno \d+\] Permission denied: (.*)$", r"sin permiso de acceso a \1"),
    (r"^\[Errno \d+\] Operation not permitted: (.*)$", r"operación no permitida en \1"),
    (
        r"^\[Errno \d+\] Not a directory: (.*)$",
        r"\1 no es una carpeta (o una parte de su ruta es un archivo)",
    ),
    (r"^\[Errno \d+\] Is a directory: (.*)$", r"\1 es una carpeta, no un archivo"),
    (r"^\[Errno \d+\] No such file or directory: (.*)$", r"no existe \1"),
    (r"^\[Errno \d+\] File exists: (.*)$", r"ya existe \1"),
    (
        r"^\[Errno \d+\] Read-only file system: (.*)$",
        r"\1 está en un sistema de archivos de solo lectura",
    ),
    (
        r"^\[Errno \d+\] No space left on device(: .*)?$",
        r"no queda espacio en el disco\1",
    ),
    (r"^\[Errno \d+\] Disk quota exceeded(: .*)?$", r"se superó la cuota de disco\1"),
    (r"^\[Errno \d+\] File name too long: (.*)$", r"nombre demasiado largo: \1"),
    (
        r"^\[Errno \d+\] Too many levels of symbolic links: (.*)$",
        r"demasiados enlaces simbólicos encadenados en \1",
    ),
    (r"^\[Errno \d+\] Input/output error(: .*)?$", r"error de entrada/salida\1"),
    # Cualquier otro error del sistema: el número, sin la descripción en inglés.
    (r"^\[Errno (\d+)\] [^:]*(: .*)?$", r"error del sistema operativo (errno \1)\2"),
]


def traducir_error(mensaje: str) -> str:
    """Traduce al español un mensaje de error de ``argparse`` o del sistema operativo.

    Un mensaje que no reconoce (p. ej. uno de ``rnnbook``, ya en español) se
    devuelve tal cual.

    Examples
    --------
    >>> traducir_error("argument --epocas: expected one argument")
    'argumento --epocas: falta el valor'
    >>> traducir_error("the following arguments are required: --salida")
    'faltan argumentos obligatorios: --salida'
    >>> traducir_error(str(PermissionError(13, "Permission denied", "/res")))
    "sin permiso de acceso a '/res'"
    """
    m = re.match(r"^argument (\S+?): (.*)$", mensaje, flags=re.S)
    if m:
        return f"argumento {m.group(1)}: {traducir_error(m.group(2))}"
    for patron, sustitucion in _ERRORES:
        nuevo, n = re.subn(patron, sustitucion, mensaje, flags=re.S)
        if n:
            return nuevo
    return mensaje


class AnalizadorArgumentos(argparse.ArgumentParser):
    """``ArgumentParser`` con la ayuda y los errores en español.

    Los subanalizadores de ``add_subparsers`` son de esta misma clase. Un
    error de argumentos imprime el uso y el mensaje traducido en la salida de
    errores y termina con código 2.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formateador)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos posicionales"
        self._optionals.title = "opciones"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="muestra esta ayuda y termina",
        )

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {traducir_error(str(message))}\n")


def _entero(minimo: int, maximo: int | None = None):
    def convertir(texto: str) -> int:
        rango = f">= {minimo}" if maximo is None else f"entre {minimo} y {maximo}"
        try:
            valor = int(texto)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"debe ser un entero {rango}; se recibió {texto!r}"
            ) from None
        if valor < minimo or (maximo is not None and valor > maximo):
            raise argparse.ArgumentTypeError(
                f"debe ser un entero {rango}; se recibió {valor}"
            )
        return valor

    return convertir


def _opcion(opciones: tuple[str, ...]):
    def convertir(texto: str) -> str:
        if texto not in opciones:
            raise argparse.ArgumentTypeError(
                f"opción no válida {texto!r}; elige entre {', '.join(opciones)}"
            )
        return texto

    return convertir


def _sin_escritura(carpeta: str, nombrarla: bool) -> str | None:
    """Por qué no se puede escribir en la carpeta existente ``carpeta`` (``None`` si se puede)."""
    if os.access(carpeta, os.W_OK | os.X_OK):
        return None
    if hasattr(os, "statvfs") and os.statvfs(carpeta).f_flag & os.ST_RDONLY:
        motivo = "está en un sistema de archivos de solo lectura"
        return f"{carpeta!r} {motivo}" if nombrarla else motivo
    motivo = "sin permiso de escritura"
    return f"{motivo} en {carpeta!r}" if nombrarla else motivo


def _problema_de_salida(texto: str) -> str | None:
    """Por qué no se podría escribir en la carpeta de resultados ``texto``, o ``None``.

    Se comprueba sin crear ni escribir nada: si la carpeta existe, que sea una
    carpeta y se pueda escribir en ella; si no, que la carpeta existente más
    cercana de su ruta lo sea (allí se creará).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as archivo:
    ...     print(_problema_de_salida(archivo.name + "/res").endswith("no es una carpeta"))
    True
    """
    # os.path nunca lanza excepciones (Path.exists sí, p. ej. sin permiso de lectura).
    if os.path.isdir(texto):
        motivo = _sin_escritura(texto, nombrarla=False)
        return motivo and f"no se puede escribir en la carpeta {texto!r}: {motivo}"
    if os.path.lexists(texto):
        if not os.path.exists(texto):
            return f"{texto!r} es un enlace simbólico roto"
        return f"{texto!r} existe y no es una carpeta"
    for padre in map(str, Path(texto).parents):
        if not os.path.lexists(padre):
            continue
        if not os.path.exists(padre):
            motivo = f"{padre!r} es un enlace simbólico roto"
        elif not os.path.isdir(padre):
            motivo = f"{padre!r} no es una carpeta"
        else:
            motivo = _sin_escritura(padre, nombrarla=True)
        return motivo and f"no se puede crear la carpeta {texto!r}: {motivo}"
    return None  # pragma: no cover (la raíz o «.» siempre existen)


def _ruta(texto: str) -> Path:
    if not texto.strip():
        raise argparse.ArgumentTypeError("la carpeta no puede ser una cadena vacía")
    problema = _problema_de_salida(texto)
    if problema:
        raise argparse.ArgumentTypeError(problema)
    return Path(texto)


def _real_positivo(texto: str) -> float:
    try:
        valor = float(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"debe ser un número > 0; se recibió {texto!r}"
        ) from None
    if not math.isfinite(valor) or valor <= 0:
        raise argparse.ArgumentTypeError(
            f"debe ser un número finito > 0; se recibió {texto}"
        )
    return valor


def _texto_no_vacio(texto: str) -> str:
    if not texto:
        raise argparse.ArgumentTypeError("no puede ser un texto vacío")
    return texto


def _corpus(texto: str) -> Path:
    """Archivo de corpus legible en UTF-8 y con caracteres suficientes para entrenar."""
    from .datos.caracteres import _longitud_minima, cargar_corpus
    from .experimentos.generacion import HIPERPARAMETROS_CARACTERES as hp

    try:
        corpus = cargar_corpus(texto)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except OSError as exc:  # p. ej. sin permiso de lectura
        raise argparse.ArgumentTypeError(traducir_error(str(exc))) from None
    minimo = _longitud_minima(hp["longitud_secuencia"], hp["fraccion_validacion"])
    if len(corpus) < minimo:
        raise argparse.ArgumentTypeError(
            f"el corpus {texto!r} tiene {len(corpus)} caracteres; hacen falta al menos {minimo} "
            f"(fragmentos de {hp['longitud_secuencia'] + 1} caracteres y un "
            f"{100 * hp['fraccion_validacion']:.0f} % para validación)"
        )
    return Path(texto)


def _carpeta_generador(texto: str) -> Path:
    """Carpeta con un generador guardado (``modelo_caracteres.pth`` y ``generador_caracteres.json``)."""
    from .experimentos.generacion import ARCHIVO_CONFIGURACION, ARCHIVO_PESOS

    ruta = Path(texto)
    if not ruta.is_dir():
        raise argparse.ArgumentTypeError(f"no existe la carpeta {texto!r}")
    faltan = [
        a for a in (ARCHIVO_PESOS, ARCHIVO_CONFIGURACION) if not (ruta / a).is_file()
    ]
    if faltan:
        raise argparse.ArgumentTypeError(
            f"a la carpeta {texto!r} le falta {' y '.join(faltan)} (se escriben con «generar --salida DIR»)"
        )
    return ruta


def _salida(orden: argparse.ArgumentParser) -> None:
    orden.add_argument(
        "--salida",
        type=_ruta,
        required=True,
        metavar="DIR",
        help="carpeta de resultados (se crea)",
    )


def _dispositivo(orden: argparse.ArgumentParser) -> None:
    orden.add_argument(
        "--dispositivo",
        type=_opcion(("auto", "cpu", "cuda")),
        default="auto",
        metavar="{auto,cpu,cuda}",
        help="dispositivo de cómputo (por defecto: auto)",
    )


def _semilla(orden: argparse.ArgumentParser) -> None:
    from .validacion import SEMILLA_MAXIMA

    orden.add_argument(
        "--semilla",
        type=_entero(0, SEMILLA_MAXIMA),
        default=0,
        metavar="S",
        help="semilla (por defecto: 0)",
    )


def construir_analizador(prog: str = "rnnbook") -> AnalizadorArgumentos:
    """El analizador completo de la línea de órdenes (útil para documentarla y probarla)."""
    from . import __version__

    p = AnalizadorArgumentos(
        prog=prog,
        description="Entrena los modelos del libro y regenera sus resultados y figuras.",
        epilog=f"Ejemplo: {prog} entrenar series --salida resultados/",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"rnnbook {__version__}",
        help="muestra la versión y termina",
    )
    ordenes = p.add_subparsers(
        title="órdenes", dest="orden", metavar="ORDEN", required=True
    )

    e = ordenes.add_parser(
        "entrenar",
        help="entrena un modelo de la Parte 3 y guarda pesos, métricas y figura",
        description=(
            "Entrena un modelo de la Parte 3 con los valores del libro y escribe en --salida:\n"
            "  sentimiento: modelo_sentimiento.pth, metricas_sentimiento.json, lstm_sentimiento.png\n"
            "  series:      modelo_series.pth, metricas_series.json, lstm_series_tiempo.png\n"
            "  gru:         modelo_gru.pth, metricas_gru.json, gru_series_tiempo.png"
        ),
    )
    e.add_argument(
        "tarea",
        type=_opcion(TAREAS),
        metavar="{" + ",".join(TAREAS) + "}",
        help="qué modelo entrenar",
    )
    _salida(e)
    _dispositivo(e)
    e.add_argument(
        "--epocas",
        type=_entero(1),
        default=None,
        metavar="N",
        help="número de épocas (por defecto, las del libro)",
    )
    _semilla(e)

    b = ordenes.add_parser(
        "benchmark",
        help="compara RNN, LSTM y GRU (tiempo, memoria y calidad)",
        description="Escribe resultados_benchmark.json y benchmark_rnn_lstm_gru.png en --salida.",
    )
    _salida(b)
    b.add_argument(
        "--dispositivo",
        type=_opcion(("auto", "cpu", "cuda", "todos")),
        default="auto",
        metavar="{auto,cpu,cuda,todos}",
        help="dispositivos que medir; «todos» = CPU y, si existe, CUDA (por defecto: auto)",
    )
    _semilla(b)

    f = ordenes.add_parser(
        "figuras",
        help="regenera las figuras que nombra la guía",
        description="Regenera en --salida todas las figuras que nombra la guía.",
    )
    _salida(f)
    _semilla(f)

    g = ordenes.add_parser(
        "generar",
        help="entrena una LSTM de caracteres (o carga una guardada) y genera texto",
        description=(
            "Ejercicio A2. Sin --modelo, entrena una LSTM de caracteres con --corpus (un archivo de texto\n"
            "UTF-8) o, si no se da, con la prosa del propio libro, y genera --longitud caracteres que\n"
            "continúan --inicio. Con --salida escribe allí modelo_caracteres.pth y generador_caracteres.json\n"
            "(reutilizables con --modelo DIR), metricas_generacion.json, texto_generado.txt y\n"
            "curvas_caracteres.png."
        ),
        epilog=(
            f"Ejemplos:\n  {prog} generar --temperatura 0.8 --salida gen/\n"
            f"  {prog} generar --corpus quijote.txt --epocas 2 --salida quijote/\n"
            f'  {prog} generar --modelo quijote/ --inicio "En un lugar" --top-k 5 --semilla 3'
        ),
    )
    origen = g.add_mutually_exclusive_group()
    origen.add_argument(
        "--corpus",
        type=_corpus,
        default=None,
        metavar="ARCHIVO",
        help="texto UTF-8 con el que entrenar (por defecto: el corpus del libro)",
    )
    origen.add_argument(
        "--modelo",
        type=_carpeta_generador,
        default=None,
        metavar="DIR",
        help="carpeta de un generador guardado con --salida: se carga en lugar de entrenar",
    )
    g.add_argument(
        "--salida",
        type=_ruta,
        default=None,
        metavar="DIR",
        help="carpeta de resultados (se crea); sin ella solo se imprime el texto",
    )
    g.add_argument(
        "--inicio",
        type=_texto_no_vacio,
        default="La red ",
        metavar="TEXTO",
        help="texto inicial que la red continúa (por defecto: «La red »)",
    )
    g.add_argument(
        "--longitud",
        type=_entero(1),
        default=500,
        metavar="N",
        help="caracteres que generar (por defecto: 500)",
    )
    g.add_argument(
        "--temperatura",
        type=_real_positivo,
        default=1.0,
        metavar="T",
        help="> 0; baja: texto seguro y repetitivo, alta: variado y con erratas (por defecto: 1.0)",
    )
    g.add_argument(
        "--top-k",
        type=_entero(1),
        default=None,
        metavar="K",
        help="muestrear solo entre los K caracteres más probables (por defecto: todos)",
    )
    g.add_argument(
        "--epocas",
        type=_entero(1),
        default=None,
        metavar="N",
        help="épocas de entrenamiento (por defecto, las del libro; no se admite con --modelo)",
    )
    _semilla(g)
    _dispositivo(g)
    g.set_defaults(comprobar=(g, _comprobar_generar))

    c = ordenes.add_parser(
        "comprobar",
        help="comprueba tu CeldaRNN, RNN_BPTT, CeldaLSTM o CeldaGRU con las pruebas del libro",
        description=(
            "Importa la clase de la tarea desde ARCHIVO.py y le pasa las pruebas del libro: formas,\n"
            "forward frente a PyTorch con los mismos pesos (float64), backward frente a autograd y a\n"
            "diferencias finitas, y entradas no válidas (solo avisan: ⚠).\n"
            "  celda_rnn:  clase CeldaRNN   (esqueleto celda_rnn.py)\n"
            "  bptt:       clase RNN_BPTT   (esqueleto bptt.py)\n"
            "  celda_lstm: clase CeldaLSTM  (esqueleto celda_lstm.py)\n"
            "  celda_gru:  clase CeldaGRU   (esqueleto celda_gru.py)\n"
            "Código de salida: 0 si todo se cumple, 1 si falla alguna comprobación, 2 si la orden\n"
            "está mal dada."
        ),
        epilog=f"Ejemplo: {prog} comprobar celda_lstm celda_lstm.py",
    )
    c.add_argument(
        "tarea",
        type=_opcion(TAREAS_COMPROBAR),
        metavar="{" + ",".join(TAREAS_COMPROBAR) + "}",
        help="qué clase comprobar",
    )
    c.add_argument(
        "archivo",
        type=_archivo_python,
        metavar="ARCHIVO.py",
        help="el archivo con tu clase",
    )
    c.set_defaults(comprobar=(c, _comprobar_clase))
    return p


def _archivo_python(texto: str) -> Path:
    """Un ``.py`` que existe (si no, error de uso con código 2)."""
    from .comprobar import ErrorDeUso, _validar_archivo

    try:
        return _validar_archivo(texto)
    except ErrorDeUso as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _comprobar_clase(args) -> str | None:
    """Carga el archivo de ``comprobar``; que no defina la clase es un error de uso (código 2).

    La carga queda en ``args.carga`` para :func:`_orden_comprobar`: el archivo
    se ejecuta una sola vez.
    """
    from .comprobar import TAREAS as DEFINICIONES
    from .comprobar import ErrorDeUso, cargar_clase

    try:
        args.carga = cargar_clase(args.archivo, DEFINICIONES[args.tarea].clase)
    except ErrorDeUso as exc:
        return f"argumento ARCHIVO.py: {exc}"
    return None


def _comprobar_generar(args) -> str | None:
    """Combinaciones de opciones de ``generar`` que argparse no puede expresar (error con código 2)."""
    if args.modelo is not None and args.epocas is not None:
        return "argumento --epocas: no se admite junto con --modelo (el modelo guardado no se vuelve a entrenar)"
    return None


# --------------------------------------------------------------------------- órdenes
def _comprobar_dispositivo(args) -> None:
    """Rechaza, antes de empezar, un ``--dispositivo`` pedido que no existe.

    Es la única comprobación para todas las órdenes con ``--dispositivo``:
    :func:`~rnnbook.entorno.elegir_dispositivo` lanza ``ValueError`` (y la
    orden termina con código 1) si se pide ``cuda`` sin GPU, también a través
    de ``auto`` y la variable ``RNNBOOK_DISPOSITIVO``. ``todos`` (benchmark)
    no se rechaza: mide la CPU y anota en el JSON por qué no midió CUDA.
    """
    dispositivo = getattr(args, "dispositivo", None)
    if dispositivo is None or dispositivo == "todos":
        return
    from .entorno import elegir_dispositivo

    elegir_dispositivo(dispositivo)


def _dispositivos_benchmark(opcion: str) -> list[str]:
    from .entorno import elegir_dispositivo

    if opcion == "todos":
        return ["cpu", "cuda"]
    return [elegir_dispositivo(opcion).type]


def _resumen_entrenar(tarea: str, m: dict) -> list[str]:
    lineas = [
        f"Dispositivo: {m['dispositivo']} · "
        f"parámetros: {formato_miles(m['parametros'])} · "
        f"épocas: {m['epocas']} · {m['segundos']:.1f} s"
    ]
    if tarea == "sentimiento":
        lineas.append(
            f"Exactitud de prueba: {100 * m['test_accuracy']:.1f} % "
            f"(validación: {100 * m['val_accuracy']:.1f} %)"
        )
    else:
        lineas.append(
            f"MSE de prueba: {m['test_mse']:.5f} = {m['razon_piso']:.3f} × piso de ruido "
            f"({m['piso_ruido_mse']:.5f}); persistencia: {m['persistencia_mse']:.4f}; "
            f"autorregresivo lineal: {m['autorregresivo_mse']:.5f}"
        )
    return lineas


def _orden_entrenar(args, progreso: bool) -> list[str]:
    if args.tarea == "sentimiento":
        from .entregables import ejecutar_sentimiento as ejecutar
    elif args.tarea == "series":
        from .entregables import ejecutar_series as ejecutar
    else:
        from .entregables import ejecutar_gru as ejecutar
    metricas = ejecutar(
        args.salida,
        dispositivo=args.dispositivo,
        epocas=args.epocas,
        semilla=args.semilla,
        progreso=progreso,
    )
    return _resumen_entrenar(args.tarea, metricas)


def _orden_benchmark(args, progreso: bool) -> list[str]:
    from .entregables import ejecutar_benchmark

    resultados = ejecutar_benchmark(
        args.salida, _dispositivos_benchmark(args.dispositivo), args.semilla, progreso
    )
    lineas = []
    for d, info in (resultados or {}).get("dispositivos", {}).items():
        if info.get("disponible"):
            lineas.append(f"{d}: medido ({info.get('descripcion', d)})")
        else:
            lineas.append(f"{d}: no medido ({info.get('motivo', 'no disponible')})")
    return lineas


def _orden_figuras(args, progreso: bool) -> list[str]:
    from .entregables import generar_figuras

    rutas = generar_figuras(args.salida, args.semilla, progreso)
    return [f"{len(rutas)} figuras generadas."]


def _orden_generar(args, progreso: bool) -> list[str]:
    from .entregables import ejecutar_generacion

    m = ejecutar_generacion(
        args.salida,
        corpus=args.corpus,
        modelo=args.modelo,
        inicio=args.inicio,
        longitud=args.longitud,
        temperatura=args.temperatura,
        top_k=args.top_k,
        epocas=args.epocas,
        semilla=args.semilla,
        dispositivo=args.dispositivo,
        progreso=progreso,
    )
    lineas = [
        f"Dispositivo: {m['dispositivo']} · "
        f"parámetros: {formato_miles(m['parametros'])} · "
        f"vocabulario: {m['tam_vocab']}"
    ]
    if "bpc_validacion" in m:
        lineas.append(
            f"Corpus: {m['corpus']} "
            f"({formato_miles(m['caracteres_corpus'])} caracteres) · "
            f"épocas: {m['epocas']} · "
            f"{m['segundos']:.1f} s"
        )
        lineas.append(
            f"Validación: {m['bpc_validacion']:.2f} bits por carácter (uniforme {m['bpc_uniforme']:.2f}, "
            f"unigrama {m['bpc_unigrama']:.2f})"
        )
    else:
        lineas.append(f"Modelo cargado de {m['modelo']}")
    top_k = "" if m["top_k"] is None else f", top-k {m['top_k']}"
    lineas += [
        f"Texto generado (temperatura {m['temperatura']:g}{top_k}, semilla {m['semilla']}):",
        "",
        m["texto"],
        "",
    ]
    return lineas


def _orden_comprobar(args) -> int:
    """Una línea por comprobación y el resumen; 0 si no hay ningún ✗, 1 si lo hay."""
    from .comprobar import ejecutar

    clase, fallo = args.carga
    return ejecutar(args.tarea, args.archivo, clase=clase, fallo=fallo)


ORDENES = {
    "entrenar": _orden_entrenar,
    "benchmark": _orden_benchmark,
    "figuras": _orden_figuras,
    "generar": _orden_generar,
}


def main(argv: list[str] | None = None, prog: str = "rnnbook") -> int:
    """Punto de entrada de ``rnnbook`` y de ``python -m rnnbook``.

    Returns
    -------
    int
        0 si todo fue bien; 1 si la orden falló (el error se explica, en
        español, en la salida de errores); 130 si se interrumpió con Ctrl+C.
        Los argumentos no válidos (también una ``--salida`` en la que no se
        puede escribir) terminan con código 2.
    """
    analizador = construir_analizador(prog)
    args = analizador.parse_args(argv)
    if (
        getattr(args, "comprobar", None) is not None
    ):  # comprobaciones que dependen de varias opciones
        orden, comprobar = args.comprobar
        mensaje = comprobar(args)
        if mensaje:
            orden.error(mensaje)
    if args.orden == "comprobar":  # su propio código de salida: 0 o 1
        try:
            codigo = _orden_comprobar(args)
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        return codigo
    progreso = sys.stderr.isatty()
    prefijo = f"{analizador.prog} {args.orden}"
    try:
        _comprobar_dispositivo(args)  # antes de cualquier trabajo o archivo
        lineas = ORDENES[args.orden](args, progreso)
    except (ValueError, TypeError, OSError, RuntimeError) as exc:
        print(f"{prefijo}: error: {traducir_error(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"\n{prefijo}: interrumpido (Ctrl+C); "
            "los archivos de --salida pueden estar incompletos",
            file=sys.stderr,
        )
        return 130
    try:
        for linea in lineas:
            print(linea)
        if args.salida is not None:  # «generar» sin --salida no escribe archivos
            print(f"Archivos en {args.salida}:")
            for ruta in sorted(p for p in args.salida.rglob("*") if p.is_file()):
                print(f"  {ruta.relative_to(args.salida)}")
        sys.stdout.flush()
    except BrokenPipeError:  # p. ej. «... | head»: quien leía ya no lee
        # Sin esto, Python imprime una traza al vaciar la salida al terminar.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
