"""Tu trabajo, Parte 2: la celda LSTM con NumPy (forward y backward).

Completa los ``# TODO`` de ``CeldaLSTM``: ``forward_step`` (las ecuaciones de
las puertas) y ``backward_step`` (sus derivadas). La inicialización, los
bucles de ``forward_sequence`` y ``backward_sequence`` y el conteo de
parámetros ya están hechos.

Formas (la convención de la guía, en filas): ``x_t`` es (D,), ``h_t`` y
``C_t`` son (H,). Cada puerta tiene una matriz (H, H + D) que actúa sobre la
concatenación ``[h_{t-1}, x_t]`` (primero h, luego x) y un sesgo (H,):
``W_f``, ``W_i``, ``W_C``, ``W_o`` y ``b_f``, ``b_i``, ``b_C``, ``b_o``. El
sesgo de olvido empieza en 1 (recordar por defecto).

``backward_step`` devuelve los gradientes de las cuatro matrices **apiladas**
en una de forma (4H, H + D), en el orden f, i, C, o (y los sesgos en una de
forma (4H,)): es la forma en que el libro guarda la LSTM fusionada.

Para comprobarla, desde la carpeta de este archivo::

    python -m rnnbook comprobar celda_lstm celda_lstm.py

El comprobador compara tu ``forward_sequence`` con ``torch.nn.LSTM`` con los
mismos pesos (float64) y tu ``backward_sequence`` con el autograd de PyTorch y
con diferencias finitas.
"""

import numpy as np


def sigmoid(x):
    """Sigmoide 1 / (1 + exp(-x)), sin desbordamientos."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class CeldaLSTM:
    """Celda LSTM con las puertas de olvido f, de entrada i, candidato C̃ y de salida o."""

    def __init__(self, input_size, hidden_size):
        self.input_size = input_size
        self.hidden_size = hidden_size
        H, Dc = hidden_size, hidden_size + input_size
        for puerta in ("f", "i", "C", "o"):
            setattr(self, f"W_{puerta}", np.random.randn(H, Dc) * np.sqrt(1.0 / Dc))
            setattr(self, f"b_{puerta}", np.zeros(H))  # (H,)
        self.b_f += 1.0  # recordar por defecto

    def get_param_count(self):
        """Número de parámetros: 4 ((H + D) H + H)."""
        H, Dc = self.hidden_size, self.hidden_size + self.input_size
        return 4 * (Dc * H + H)

    def forward_step(self, x_t, h_prev, C_prev):
        """Un paso: x_t (D,), h_prev (H,), C_prev (H,) -> h_t (H,), C_t (H,), cache (dict)."""
        # TODO: con concat = [h_prev, x_t] de forma (H + D,):
        #   f_t   = sigmoid(W_f @ concat + b_f)          (H,) olvido
        #   i_t   = sigmoid(W_i @ concat + b_i)          (H,) entrada
        #   C_til = tanh(W_C @ concat + b_C)             (H,) candidato
        #   o_t   = sigmoid(W_o @ concat + b_o)          (H,) salida
        #   C_t   = f_t * C_prev + i_t * C_til           (H,) la cinta de la celda
        #   h_t   = o_t * tanh(C_t)                      (H,)
        # Guarda en cache lo que necesite backward_step (concat, C_prev, las
        # puertas, C_t, h_t...). Opcional: ValueError si x_t no es (D,) o tiene NaN.
        raise NotImplementedError(
            "Completa CeldaLSTM.forward_step (las ecuaciones de las puertas)."
        )

    def backward_step(self, dh_t, dC_t, cache):
        """Retropropaga un paso: -> dx_t (D,), dh_prev (H,), dC_prev (H,), dW (4H, H + D), db (4H,)."""
        # TODO: con t = tanh(C_t):
        #   dC      = dC_t + dh_t * o_t * (1 - t**2)     a través de h = o * tanh(C)
        #   da_f    = dC * C_prev * f_t * (1 - f_t)      a través de la sigmoide de f
        #   da_i    = dC * C_til * i_t * (1 - i_t)
        #   da_C    = dC * i_t * (1 - C_til**2)          a través de tanh del candidato
        #   da_o    = dh_t * t * o_t * (1 - o_t)
        #   da      = concatenate([da_f, da_i, da_C, da_o])           (4H,)
        #   W       = vstack([W_f, W_i, W_C, W_o])                    (4H, H + D)
        #   dW      = outer(da, concat) ;  db = da
        #   dconcat = W.T @ da ;  dh_prev = dconcat[:H] ;  dx_t = dconcat[H:]
        #   dC_prev = dC * f_t                           por la cinta hacia t-1
        raise NotImplementedError(
            "Completa CeldaLSTM.backward_step (las derivadas de las puertas)."
        )

    def forward_sequence(self, X, h0=None, C0=None):
        """X lista de T vectores (D,) -> states_h y states_C (T + 1 cada una, con h_0 y C_0), caches."""
        h = np.zeros(self.hidden_size) if h0 is None else h0
        C = np.zeros(self.hidden_size) if C0 is None else C0
        states_h, states_C, caches = [h], [C], []
        for x_t in X:
            h, C, cache = self.forward_step(x_t, h, C)
            states_h.append(h)
            states_C.append(C)
            caches.append(cache)
        return states_h, states_C, caches

    def backward_sequence(self, dH, caches, dh_T=None, dC_T=None):
        """BPTT: dH (T, H) que llega de fuera a cada h_t -> dict X, h0, C0, W, b."""
        H = self.hidden_size
        dh = np.zeros(H) if dh_T is None else dh_T
        dC = np.zeros(H) if dC_T is None else dC_T
        dW = np.zeros((4 * H, H + self.input_size))
        db = np.zeros(4 * H)
        dX = []
        for t in reversed(range(len(caches))):
            dh = dh + dH[t]  # la salida en t más lo que llega de t+1
            dx, dh, dC, dW_t, db_t = self.backward_step(dh, dC, caches[t])
            dW += dW_t
            db += db_t
            dX.append(dx)
        return {"X": np.stack(dX[::-1]), "h0": dh, "C0": dC, "W": dW, "b": db}
