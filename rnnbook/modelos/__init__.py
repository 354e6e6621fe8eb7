"""Los modelos de PyTorch (``nn.Module``) del libro y sus conteos de parámetros."""

from ..subpaquetes import exportar

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "parametros",
    "clasificador",
    "bilstm",
    "caracteres",
    "convolucional",
    "etiquetador",
    "fabrica",
    "sentimiento",
    "atencion_sentimiento",
    "seq2seq",
    "series",
    "skipgram",
    "sondas",
)

__all__ = exportar(__name__, MODULOS, globals())
