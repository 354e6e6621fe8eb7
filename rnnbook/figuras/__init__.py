"""Figuras del libro, con un solo estilo (:mod:`rnnbook.figuras.estilo`)."""

from ..subpaquetes import exportar

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "estilo",
    "atencion_sentimiento",
    "avanzadas",
    "benchmark",
    "convolucional",
    "generacion",
    "gradiente",
    "incrustaciones",
    "lstm",
    "multipaso",
    "regularizacion",
    "rnn",
    "sentimiento",
    "seq2seq",
    "series",
    "signo_suma",
    "truncada",
)

__all__ = exportar(__name__, MODULOS, globals())
