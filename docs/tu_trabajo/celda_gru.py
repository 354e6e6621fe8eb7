"""Tu trabajo, Parte 2: la celda GRU con NumPy (forward y backward).

Completa los ``# TODO`` de ``CeldaGRU``: ``forward_step`` (las ecuaciones) y
``backward_step`` (sus derivadas). La inicialización, los bucles de
``forward_sequence`` y ``backward_sequence`` y el conteo de parámetros ya
están hechos.

Se sigue la convención de ``torch.nn.GRU`` (la del libro), no la forma que
escribe el ejercicio B1 de la guía: allí el reinicio multiplica a h_{t-1}
antes del producto por la matriz y los papeles de z y 1 - z están cambiados,
así que no coincidiría con ``nn.GRU`` aunque la guía lo pida. Las puertas van
en el orden r (reinicio), z (actualización), n (candidato), fusionadas:
``W_ih`` (3H, D), ``W_hh`` (3H, H), ``b_ih`` (3H,) y ``b_hh`` (3H,). Las filas
``[:H]`` son de r, ``[H:2H]`` de z y ``[2H:]`` de n. ``x_t`` es (D,) y
``h_t`` es (H,).

Para comprobarla, desde la carpeta de este archivo::

    python -m rnnbook comprobar celda_gru celda_gru.py

El comprobador compara tu ``forward_sequence`` con ``torch.nn.GRU`` con los
mismos pesos (float64) y tu ``backward_sequence`` con el autograd de PyTorch y
con diferencias finitas.
"""

import numpy as np


def sigmoid(x):
    """Sigmoide 1 / (1 + exp(-x)), sin desbordamientos."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class CeldaGRU:
    """Celda GRU en la convención de torch.nn.GRU."""

    def __init__(self, input_size, hidden_size):
        self.input_size = input_size
        self.hidden_size = hidden_size
        H, D = hidden_size, input_size
        k = 1.0 / np.sqrt(H)  # como PyTorch: uniforme en [-1/sqrt(H), 1/sqrt(H)]
        self.W_ih = np.random.uniform(-k, k, (3 * H, D))  # (3H, D)
        self.W_hh = np.random.uniform(-k, k, (3 * H, H))  # (3H, H)
        self.b_ih = np.random.uniform(-k, k, 3 * H)  # (3H,)
        self.b_hh = np.random.uniform(-k, k, 3 * H)  # (3H,)

    def get_param_count(self):
        """Número de parámetros: 3 (HD + H² + 2H)."""
        return sum(p.size for p in (self.W_ih, self.W_hh, self.b_ih, self.b_hh))

    def forward_step(self, x_t, h_prev):
        """Un paso: x_t (D,), h_prev (H,) -> h_t (H,), cache (dict)."""
        # TODO: con gi = W_ih @ x_t + b_ih y gh = W_hh @ h_prev + b_hh, ambos (3H,):
        #   r_t = sigmoid(gi[:H] + gh[:H])                      (H,) reinicio
        #   z_t = sigmoid(gi[H:2H] + gh[H:2H])                  (H,) actualización
        #   n_t = tanh(gi[2H:] + r_t * gh[2H:])                 (H,) candidato
        #   h_t = (1 - z_t) * n_t + z_t * h_prev                (H,)
        # Guarda en cache x_t, h_prev, r_t, z_t, n_t y gh[2H:].
        # Opcional: ValueError si x_t no es (D,) o tiene NaN.
        raise NotImplementedError("Completa CeldaGRU.forward_step (las ecuaciones).")

    def backward_step(self, dh_t, cache):
        """Retropropaga un paso: -> dx (D,), dh_prev (H,), grads (dict W_ih, W_hh, b_ih, b_hh)."""
        # TODO:
        #   dn   = dh_t * (1 - z_t) ;  dz = dh_t * (h_prev - n_t)
        #   da_n = dn * (1 - n_t**2)                            a través de tanh
        #   da_r = da_n * gh_n * r_t * (1 - r_t)                gh_n = W_hn h_prev + b_hn
        #   da_z = dz * z_t * (1 - z_t)
        #   dgi  = concatenate([da_r, da_z, da_n])              (3H,)
        #   dgh  = concatenate([da_r, da_z, da_n * r_t])        (3H,)
        #   dW_ih = outer(dgi, x_t) ; dW_hh = outer(dgh, h_prev) ; db_ih = dgi ; db_hh = dgh
        #   dx      = W_ih.T @ dgi
        #   dh_prev = dh_t * z_t + W_hh.T @ dgh                 directo por z * h y por las puertas
        raise NotImplementedError("Completa CeldaGRU.backward_step (las derivadas).")

    def forward_sequence(self, X, h0=None):
        """X lista de T vectores (D,) -> states_h (T + 1, con h_0) y caches."""
        h = np.zeros(self.hidden_size) if h0 is None else h0
        states_h, caches = [h], []
        for x_t in X:
            h, cache = self.forward_step(x_t, h)
            states_h.append(h)
            caches.append(cache)
        return states_h, caches

    def backward_sequence(self, dH, caches, dh_T=None):
        """BPTT: dH (T, H) que llega de fuera a cada h_t -> dict X, h0, W_ih, W_hh, b_ih, b_hh."""
        dh = np.zeros(self.hidden_size) if dh_T is None else dh_T
        total = {
            "W_ih": np.zeros_like(self.W_ih),
            "W_hh": np.zeros_like(self.W_hh),
            "b_ih": np.zeros_like(self.b_ih),
            "b_hh": np.zeros_like(self.b_hh),
        }
        dX = []
        for t in reversed(range(len(caches))):
            dh = dh + dH[t]  # la salida en t más lo que llega de t+1
            dx, dh, g = self.backward_step(dh, caches[t])
            for k in total:
                total[k] += g[k]
            dX.append(dx)
        return {"X": np.stack(dX[::-1]), "h0": dh, **total}
