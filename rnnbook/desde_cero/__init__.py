"""Redes recurrentes desde cero con NumPy: celdas, BPTT y su verificación.

Cada celda (RNN, LSTM, GRU) separa el paso y la secuencia, *forward* y *backward*;
el *forward* devuelve lo que el *backward* necesita. Las tres cumplen el mismo
contrato por lotes, en filas (N lote, T tiempo, D entrada, H estado):

* ``paso_forward(x (N, D), h_prev (N, H)[, C_prev]) -> (h[, C], cache)``: las
  ecuaciones de un paso, sin validar;
* ``paso_backward(dh (N, H)[, dC], cache) -> (dx, dh_prev[, dC_prev], grads)``,
  con ``grads`` un dict por nombre de parámetro; no modifica sus entradas;
* ``forward(X (N, T, D), h0=None[, C0=None]) -> (Hs (N, T, H), cache)`` y
  ``backward(dH (N, T, H), cache, dh_T=None[, dC_T=None]) -> dict`` con
  ``"X"``, ``"h0"`` (``"C0"``) y un gradiente por parámetro: validan una vez
  y recorren los pasos.

Las formas de la guía (``forward_step``, ``backward_step``,
``forward_sequence``, ``backward_sequence``) siguen disponibles. Aquí también
están la BPTT truncada, el gradiente numérico y el puente con PyTorch que
comprueba cada derivada.
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
