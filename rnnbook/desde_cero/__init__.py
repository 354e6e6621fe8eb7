"""Redes recurrentes desde cero con NumPy: celdas, BPTT y su verificación.

Cada celda (RNN, LSTM, GRU) separa el paso y la secuencia, *forward* y *backward*;
el *forward* devuelve lo que el *backward* necesita. Aquí también están la BPTT
truncada, el gradiente numérico y el puente con PyTorch que comprueba cada derivada.
"""

from ..subpaquetes import exportar

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "comprobacion",
    "rnn",
    "lstm",
    "gru",
    "truncada",
    "verificacion",
)

__all__ = exportar(__name__, MODULOS, globals())
