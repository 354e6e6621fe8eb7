"""Tu trabajo, Parte 1: la celda RNN con NumPy (forward y backward).

Completa los ``# TODO`` de ``CeldaRNN``: cada uno está donde van las
ecuaciones, escritas en el comentario que lo acompaña. La inicialización, el
bucle de ``forward_sequence`` y el conteo de parámetros ya están hechos.

Formas (la convención de la guía, en columnas): una secuencia es una lista de
T vectores columna ``x_t`` de forma (D, 1); ``h_t`` es (H, 1) e ``y_t`` es
(O, 1). Los pesos se guardan como (salida, entrada): ``W_xh`` (H, D),
``W_hh`` (H, H), ``W_hy`` (O, H); los sesgos son columnas ``b_h`` (H, 1) y
``b_y`` (O, 1).

Para comprobarla, desde la carpeta de este archivo::

    python -m rnnbook comprobar celda_rnn celda_rnn.py

El comprobador compara tu ``forward_sequence`` con ``torch.nn.RNN`` más
``torch.nn.Linear`` con los mismos pesos (float64), y tu ``backward_sequence``
con el autograd de PyTorch y con diferencias finitas. Termina con código 0 si
todo se cumple y 1 si algo falla.
"""

import numpy as np


class CeldaRNN:
    """Celda RNN de Elman: h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h), y_t = W_hy h_t + b_y."""

    def __init__(self, input_size, hidden_size, output_size):
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        D, H, O = input_size, hidden_size, output_size
        # Xavier/Glorot normal: desviación sqrt(2 / (entradas + salidas)).
        self.W_xh = np.random.randn(H, D) * np.sqrt(2.0 / (D + H))  # (H, D)
        self.W_hh = np.random.randn(H, H) * np.sqrt(2.0 / (2 * H))  # (H, H)
        self.b_h = np.zeros((H, 1))  # (H, 1)
        self.W_hy = np.random.randn(O, H) * np.sqrt(2.0 / (H + O))  # (O, H)
        self.b_y = np.zeros((O, 1))  # (O, 1)
        self.cache = {}

    def get_param_count(self):
        """Número total de parámetros: HD + H² + H + OH + O."""
        return sum(
            p.size for p in (self.W_xh, self.W_hh, self.b_h, self.W_hy, self.b_y)
        )

    def forward_step(self, x_t, h_prev):
        """Un paso: x_t (D, 1), h_prev (H, 1) -> h_t (H, 1), y_t (O, 1), a_t (H, 1)."""
        # TODO: las tres ecuaciones del paso.
        #   a_t = W_xh @ x_t + W_hh @ h_prev + b_h      (H, 1) pre-activación
        #   h_t = tanh(a_t)                              (H, 1)
        #   y_t = W_hy @ h_t + b_y                       (O, 1)
        # Opcional: rechaza con ValueError un x_t que no sea (D, 1) o que tenga NaN.
        raise NotImplementedError(
            "Completa CeldaRNN.forward_step (las ecuaciones del paso)."
        )

    def forward_sequence(self, X, h0=None):
        """Recorre la lista X de T vectores (D, 1); devuelve H = [h_1..h_T] e Y = [y_1..y_T]."""
        h = np.zeros((self.hidden_size, 1)) if h0 is None else h0  # h_0
        H, Y, A = [h], [], []
        for x_t in X:
            h, y_t, a_t = self.forward_step(x_t, h)
            H.append(h)
            Y.append(y_t)
            A.append(a_t)
        self.cache = {"X": X, "H": H, "A": A, "Y": Y}  # H incluye h_0
        return H[1:], Y

    def backward_step(self, dh_t, x_t, h_prev, h_t):
        """Retropropaga un paso: dh_t (H, 1) -> dx (D, 1), dh_prev (H, 1), grads del paso."""
        # TODO: a través de tanh y de los dos productos de matrices.
        #   da      = dh_t * (1 - h_t**2)                (H, 1) derivada de tanh
        #   dW_xh   = da @ x_t.T                         (H, D)
        #   dW_hh   = da @ h_prev.T                      (H, H)
        #   db_h    = da                                 (H, 1)
        #   dx      = W_xh.T @ da                        (D, 1)
        #   dh_prev = W_hh.T @ da                        (H, 1)
        # Devuelve dx, dh_prev, {"W_xh": dW_xh, "W_hh": dW_hh, "b_h": db_h}.
        raise NotImplementedError(
            "Completa CeldaRNN.backward_step (la derivada de un paso)."
        )

    def backward_sequence(self, dY, dh_T=None):
        """BPTT de la última secuencia: dY lista de T (O, 1) -> (grads, dX, dh0).

        ``grads`` tiene las claves W_xh, W_hh, b_h, W_hy, b_y (con las formas de
        los parámetros), ``dX`` es la lista de T gradientes (D, 1) y ``dh0`` es
        el gradiente respecto a h_0, (H, 1).
        """
        X, H = self.cache["X"], self.cache["H"]  # H[t] es h_{t}; H[0] = h_0
        # TODO: recorre t = T-1, ..., 0 acumulando.
        #   dW_hy += dY[t] @ H[t+1].T                    (O, H)
        #   db_y  += dY[t]                               (O, 1)
        #   dh     = dh + W_hy.T @ dY[t]                 su salida más lo que llega de t+1
        #   dX[t], dh, g = backward_step(dh, X[t], H[t], H[t+1])
        #   y suma g en los gradientes de W_xh, W_hh y b_h.
        # dh empieza en dh_T (ceros si es None); al final, dh es dh0.
        del X, H
        raise NotImplementedError(
            "Completa CeldaRNN.backward_sequence (el bucle de BPTT)."
        )
