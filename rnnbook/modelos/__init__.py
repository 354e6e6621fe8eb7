"""Los modelos de PyTorch (``nn.Module``) del libro y sus conteos de parámetros."""

from importlib import import_module

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
    "seq2seq",
    "series",
    "skipgram",
    "sondas",
)

__all__: list[str] = []
for _nombre in MODULOS:
    _modulo = import_module(f".{_nombre}", __name__)
    globals().update({n: getattr(_modulo, n) for n in _modulo.__all__})
    __all__ += _modulo.__all__
del _nombre, _modulo
