"""Los experimentos de cada parte y de cada ejercicio: entrenan, miden y tabulan.

Usan los datos de :mod:`rnnbook.datos`, los modelos de :mod:`rnnbook.modelos` y el
motor :func:`rnnbook.entrenar`; las figuras están en :mod:`rnnbook.figuras`.
"""

from ..subpaquetes import exportar

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "atencion_sentimiento",
    "avanzadas",
    "benchmark",
    "convolucional",
    "generacion",
    "gradiente",
    "gru",
    "incrustaciones",
    "lstm",
    "multipaso",
    "parametros",
    "regularizacion",
    "resumen",
    "rnn",
    "sentimiento",
    "seq2seq",
    "series",
    "signo_suma",
    "truncada",
)

__all__ = exportar(__name__, MODULOS, globals())
