"""Redes recurrentes desde cero con NumPy: celdas, BPTT y su verificación.

Cada celda (RNN, LSTM, GRU) separa el paso y la secuencia, *forward* y *backward*;
el *forward* devuelve lo que el *backward* necesita. Aquí también están la BPTT
truncada, el gradiente numérico y el puente con PyTorch que comprueba cada derivada.
"""

from importlib import import_module

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "comprobacion",
    "rnn",
    "lstm",
    "gru",
    "truncada",
    "verificacion",
)

__all__: list[str] = []
for _nombre in MODULOS:
    _modulo = import_module(f".{_nombre}", __name__)
    globals().update({n: getattr(_modulo, n) for n in _modulo.__all__})
    __all__ += _modulo.__all__
del _nombre, _modulo
