"""Tu trabajo, Parte 1: BPTT completa en una RNN muchos a uno con NumPy.

Completa los ``# TODO`` de ``RNN_BPTT``: la red lee una secuencia, clasifica
con su último estado (softmax y entropía cruzada) y se entrena con
retropropagación a través del tiempo, recorte del gradiente por norma global
y SGD. La inicialización y el paso de entrenamiento ``step`` ya están hechos.

Formas (la convención de la guía, en columnas): ``X`` es una lista de T
vectores columna (D, 1); ``y_true`` es el índice de la clase correcta (un
entero). ``W_xh`` (H, D), ``W_hh`` (H, H), ``b_h`` (H, 1), ``W_hy`` (O, H),
``b_y`` (O, 1).

Para comprobarla, desde la carpeta de este archivo::

    python -m rnnbook comprobar bptt bptt.py

El comprobador compara tu ``forward`` con ``torch.nn.RNN`` + ``nn.Linear`` +
softmax (float64), tu ``loss`` con ``F.cross_entropy``, tu ``backward`` con el
autograd de PyTorch y con diferencias finitas, tu recorte y tu paso de SGD.
"""

import numpy as np


class RNN_BPTT:
    """RNN muchos a uno: softmax(W_hy h_T + b_y), entrenada con BPTT, recorte y SGD."""

    def __init__(self, input_size, hidden_size, output_size, lr=0.01):
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size
        self.lr = lr
        D, H, O = input_size, hidden_size, output_size
        self.W_xh = np.random.randn(H, D) * 0.01  # (H, D)
        self.W_hh = np.random.randn(H, H) * 0.01  # (H, H)
        self.b_h = np.zeros((H, 1))  # (H, 1)
        self.W_hy = np.random.randn(O, H) * 0.01  # (O, H)
        self.b_y = np.zeros((O, 1))  # (O, 1)

    def softmax(self, z):
        """Softmax de una columna z (O, 1), restando el máximo para no desbordar."""
        e = np.exp(z - np.max(z))
        return e / e.sum()

    def forward(self, X):
        """X lista de T (D, 1) -> H (T + 1 estados (H, 1), con h_0 = 0), A (T (H, 1)), y_pred (O, 1)."""
        # TODO: h_0 = ceros (H, 1); para cada x_t:
        #   a_t = W_xh @ x_t + W_hh @ h_{t-1} + b_h      (H, 1)
        #   h_t = tanh(a_t)                              (H, 1)
        # y al final, solo con el último estado:
        #   y_pred = softmax(W_hy @ h_T + b_y)           (O, 1)
        raise NotImplementedError("Completa RNN_BPTT.forward.")

    def loss(self, y_pred, y_true):
        """Entropía cruzada: -log(y_pred[y_true, 0])."""
        # TODO: -log de la probabilidad de la clase correcta.
        # Opcional: rechaza con ValueError una clase fuera de [0, O).
        raise NotImplementedError("Completa RNN_BPTT.loss.")

    def backward(self, X, H, A, y_pred, y_true):
        """BPTT: devuelve el dict de gradientes W_xh, W_hh, b_h, W_hy, b_y (formas de los pesos)."""
        # TODO:
        #   dlogits = y_pred - e_{y_true}                (O, 1) softmax + entropía cruzada
        #   dW_hy = dlogits @ H[T].T ;  db_y = dlogits
        #   dh = W_hy.T @ dlogits                        (H, 1) solo h_T alimenta la salida
        # y para t = T-1, ..., 0 (H[t+1] es h_t y H[t] es h_{t-1}):
        #   da     = dh * (1 - H[t+1]**2)                derivada de tanh
        #   dW_xh += da @ X[t].T ;  dW_hh += da @ H[t].T ;  db_h += da
        #   dh     = W_hh.T @ da                         hacia el paso anterior
        raise NotImplementedError("Completa RNN_BPTT.backward (BPTT).")

    def clip_gradients(self, grads, max_norm=5.0):
        """Recorte por norma global: si ||g|| > max_norm, todos se multiplican por max_norm / ||g||."""
        # TODO:
        #   norma = sqrt(suma de g**2 sobre TODOS los gradientes)
        #   si norma > max_norm: cada gradiente *= max_norm / norma
        # Devuelve el dict de gradientes (recortados o no).
        raise NotImplementedError("Completa RNN_BPTT.clip_gradients.")

    def step(self, X, y_true):
        """Un paso de entrenamiento: forward, pérdida, BPTT, recorte y SGD."""
        H, A, y_pred = self.forward(X)
        perdida = self.loss(y_pred, y_true)
        grads = self.clip_gradients(self.backward(X, H, A, y_pred, y_true))
        for nombre in ("W_xh", "W_hh", "b_h", "W_hy", "b_y"):
            setattr(self, nombre, getattr(self, nombre) - self.lr * grads[nombre])
        return perdida, y_pred
