r"""Parte 2: la celda LSTM desde cero con NumPy (forward y backward).

La celda sigue la parametrización de la guía: cada puerta tiene una matriz de
forma (H, H + D) que actúa sobre :math:`[h_{t-1}, x_t]` y un sesgo de forma
(H,). Por dentro, las cuatro matrices se guardan **fusionadas** en una sola
``W`` de forma (4H, H + D), en el orden :math:`f, i, \tilde C, o`, de modo que
las cuatro puertas salen de **un** producto de matrices; ``W_f``, ``W_i``,
``W_C`` y ``W_o`` son vistas de sus bloques.

.. math::
    f_t &= \sigma(W_f [h_{t-1}, x_t] + b_f) \\
    i_t &= \sigma(W_i [h_{t-1}, x_t] + b_i) \\
    \tilde C_t &= \tanh(W_C [h_{t-1}, x_t] + b_C) \\
    o_t &= \sigma(W_o [h_{t-1}, x_t] + b_o) \\
    C_t &= f_t \odot C_{t-1} + i_t \odot \tilde C_t \\
    h_t &= o_t \odot \tanh(C_t)
"""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..desde_cero.rnn import estado_inicial, validar_lote

__all__ = ["sigmoid", "CeldaLSTM", "validar_dtype", "pesos_torch"]

#: Orden de los bloques de ``CeldaLSTM.W`` (PyTorch usa ``i, f, g, o``).
ORDEN_PUERTAS = ("f", "i", "C", "o")


def sigmoid(x):
    r"""Función sigmoide :math:`\sigma(x) = 1 / (1 + e^{-x})`, sin desbordamientos.

    Se evalúa con :math:`e^{-|x|}`, que nunca desborda:
    :math:`1/(1 + e^{-|x|})` si :math:`x \ge 0` y
    :math:`e^{-|x|}/(1 + e^{-|x|})` si :math:`x < 0`; así no hace falta el
    recorte a :math:`\pm 500` de la guía y las colas conservan su precisión
    relativa.

    Parameters
    ----------
    x : ndarray o float

    Returns
    -------
    ndarray o float
        Valores en :math:`[0, 1]`, de la misma forma y tipo flotante que ``x``.

    Examples
    --------
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    x = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
    e = np.exp(-np.abs(x))  # en (0, 1]: sin desbordamiento
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[
        ()
    ]  # [()] : escalar si x lo era


def _activar(a, H):
    r"""Preactivaciones (N, 4H) → puertas :math:`[\sigma(a_f), \sigma(a_i), \tanh(a_C), \sigma(a_o)]`, en sitio."""
    a[..., : 2 * H] = sigmoid(a[..., : 2 * H])  # f, i
    a[..., 2 * H : 3 * H] = np.tanh(a[..., 2 * H : 3 * H])  # C̃
    a[..., 3 * H :] = sigmoid(a[..., 3 * H :])  # o
    return a


def _sigmoide_en_sitio(a):
    """``a ← 1 / (1 + exp(-a))`` sin arrays nuevos: una sola ``exp``, más barata que ``tanh``."""
    np.negative(a, out=a)
    with np.errstate(over="ignore"):  # exp(-a) = inf da σ = 0, que es el valor correcto
        np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    return a


def _tanh_en_sitio(a):
    r"""``a ← tanh(a)`` como :math:`2\sigma(2a) - 1`, sin arrays nuevos."""
    a *= 2.0
    _sigmoide_en_sitio(a)
    a *= 2.0
    a -= 1.0
    return a


def _activar_rapido(a, H):
    """Como :func:`_activar`, con una sola ``exp`` sobre las cuatro puertas (camino rápido)."""
    a[:, 2 * H : 3 * H] *= 2.0  # tanh(x) = 2σ(2x) - 1
    _sigmoide_en_sitio(a)
    g = a[:, 2 * H : 3 * H]
    g *= 2.0
    g -= 1.0
    return a


def _retro_puertas(dh, dC, puertas, tanh_C, C_prev, H, da):
    r"""Un paso de BPTT dentro de la celda: de (dh_t, dC_t) a las preactivaciones.

    Escribe en ``da`` (N, 4H) el gradiente respecto a las preactivaciones
    :math:`[a_f, a_i, a_C, a_o]` y devuelve :math:`\partial L/\partial C_{t-1}`.
    ``dh`` y ``dC`` no se modifican.
    """
    f, i = puertas[..., :H], puertas[..., H : 2 * H]
    g, o = puertas[..., 2 * H : 3 * H], puertas[..., 3 * H :]
    dC = dC + dh * o * (1.0 - tanh_C * tanh_C)  # a través de h = o ⊙ tanh(C)
    da[..., :H] = dC * C_prev * f * (1.0 - f)  # a través de σ de la puerta de olvido
    da[..., H : 2 * H] = dC * g * i * (1.0 - i)  # a través de σ de la puerta de entrada
    da[..., 2 * H : 3 * H] = dC * i * (1.0 - g * g)  # a través de tanh del candidato
    da[..., 3 * H :] = (
        dh * tanh_C * o * (1.0 - o)
    )  # a través de σ de la puerta de salida
    return dC * f  # gradiente que sigue por la cinta de la celda hacia t-1


def _bloque(k: int, letra: str, de_sesgo: bool):
    nombre = ("b_" if de_sesgo else "W_") + letra

    def leer(self):
        H = self.hidden_size
        return (self.b if de_sesgo else self.W)[k * H : (k + 1) * H]

    def escribir(self, valor):
        destino = leer(self)
        forma = destino.shape
        valor = _v.array_finito(nombre, valor, forma=forma, dtype=self.W.dtype)
        destino[...] = valor

    forma = "(H,)" if de_sesgo else "(H, H + D)"
    return property(
        leer,
        escribir,
        doc=f"Bloque ``{letra}`` de {'b' if de_sesgo else 'W'}: vista de forma {forma}.",
    )


class CeldaLSTM:
    r"""Celda LSTM con NumPy: *forward* y *backward* paso a paso y por secuencias.

    Parameters
    ----------
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado oculto y del estado de celda.
    semilla : int, opcional
        Semilla de los pesos (``numpy.random.RandomState``). Si es ``None`` se
        usa el estado global de ``numpy.random``, como hace la guía:
        ``np.random.seed(99); CeldaLSTM(5, 8)`` da sus mismos pesos.
    inicializacion : {"gaussiana", "ortogonal"}
        ``"gaussiana"`` (la de la guía): :math:`W \sim \mathcal N(0, 1/(H + D))`.
        ``"ortogonal"``: lo mismo, pero el bloque recurrente (H, H) de cada
        puerta es una matriz ortogonal (lo que el comentario de la guía dice y
        su código no hace).
    sesgo_olvido : float
        Valor inicial de :math:`b_f` (la guía usa +1; los demás sesgos son 0).
    dtype : {numpy.float64, numpy.float32}
        Tipo de los pesos y de todos los cálculos.

    Attributes
    ----------
    W : ndarray de forma (4H, H + D)
        Las cuatro matrices fusionadas, en el orden :math:`f, i, \tilde C, o`;
        las columnas ``[:H]`` actúan sobre :math:`h_{t-1}` y ``[H:]`` sobre
        :math:`x_t`.
    b : ndarray de forma (4H,)
        Los cuatro sesgos, en el mismo orden.

    Notes
    -----
    ``W_f``, ``W_i``, ``W_C`` y ``W_o`` (cada una de forma (H, H + D)) y
    ``b_f``, ``b_i``, ``b_C`` y ``b_o`` (forma (H,)) son **vistas** de los
    bloques de ``W`` y ``b``, con los nombres de la guía: leerlas no copia
    nada y escribir en ellas modifica ``W`` y ``b``.

    El contrato por lotes, en filas, es el de las tres celdas:
    :meth:`paso_forward` / :meth:`paso_backward` (un paso, las ecuaciones, sin
    validar) y :meth:`forward` / :meth:`backward` (un lote (N, T, D), validado
    una vez). Aquí ``forward`` y ``backward`` recorren los pasos por un
    **camino rápido** aparte (:meth:`_forward_rapido`, :meth:`_backward_rapido`:
    las proyecciones de todas las entradas en un producto, activaciones en
    sitio, los gradientes de los pesos al final) que calcula lo mismo que
    encadenar ``paso_forward`` y ``paso_backward``, salvo redondeo. Las
    formas de la guía (:meth:`forward_step`, :meth:`backward_step`,
    :meth:`forward_sequence`, :meth:`backward_sequence`) validan y llaman a
    esos pasos; admiten además un ejemplo suelto, (D,) y (H,).

    ``desde_torch`` copia los pesos de un ``nn.LSTMCell``: PyTorch ordena las
    puertas ``i, f, g, o``, separa ``weight_ih`` (4H, D) de ``weight_hh``
    (4H, H) y guarda dos sesgos que solo se suman; aquí se reordenan, se
    concatenan como :math:`[W_{hh}, W_{ih}]` y se suman los sesgos.

    Examples
    --------
    >>> celda = CeldaLSTM(5, 8, semilla=0)
    >>> celda.W.shape, celda.W_f.shape, float(celda.b_f[0]), celda.get_param_count()
    ((32, 13), (8, 13), 1.0, 448)
    >>> h, C, cache = celda.forward_step(np.ones(5), np.zeros(8), np.zeros(8))
    >>> h.shape, sorted(cache)[:3]
    ((8,), ['C_prev', 'C_t', 'C_til'])
    """

    W_f = _bloque(0, "f", False)
    W_i = _bloque(1, "i", False)
    W_C = _bloque(2, "C", False)
    W_o = _bloque(3, "o", False)
    b_f = _bloque(0, "f", True)
    b_i = _bloque(1, "i", True)
    b_C = _bloque(2, "C", True)
    b_o = _bloque(3, "o", True)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        semilla: int | None = None,
        inicializacion: str = "gaussiana",
        sesgo_olvido: float = 1.0,
        dtype=np.float64,
    ):
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        _v.opcion("inicializacion", inicializacion, ("gaussiana", "ortogonal"))
        sesgo_olvido = _v.real_finito("sesgo_olvido", sesgo_olvido)
        dtype = validar_dtype(dtype)
        if semilla is not None:
            semilla = _v.semilla("semilla", semilla)
        rng = np.random if semilla is None else np.random.RandomState(semilla)
        H, D = self.hidden_size, self.input_size
        Dc = H + D
        bloques = []
        for _ in ORDEN_PUERTAS:  # mismo orden de sorteo que la guía: f, i, C, o
            bloques.append(rng.randn(H, Dc) * np.sqrt(1.0 / Dc))  # (H, H + D)
        if inicializacion == "ortogonal":
            for W in bloques:
                Q, R = np.linalg.qr(rng.randn(H, H))
                W[:, :H] = Q * np.sign(np.diag(R))  # bloque recurrente ortogonal
        self.W = np.concatenate(bloques, axis=0).astype(dtype)  # (4H, H + D)
        self.b = np.zeros(4 * H, dtype=dtype)  # (4H,)
        with np.errstate(over="ignore"):  # un desbordamiento se comprueba abajo
            self.b[:H] = sesgo_olvido  # recordar por defecto
        _v.finitos("b", self.b, f"sesgo_olvido = {sesgo_olvido} no cabe en {dtype}")

    # ------------------------------------------------------------ utilidades
    @property
    def dtype(self):
        """Tipo flotante de los pesos (``float64`` o ``float32``)."""
        return self.W.dtype

    def get_param_count(self) -> int:
        r"""Número de parámetros: :math:`4\,((H + D)\,H + H)` (un sesgo por puerta)."""
        return int(self.W.size + self.b.size)

    def parametros(self) -> dict[str, np.ndarray]:
        """Los parámetros por nombre (``"W"``, ``"b"``), los mismos objetos que usa la celda."""
        return {"W": self.W, "b": self.b}

    def _estado(self, nombre, valor, lote):
        return _v.estado_de_filas(nombre, valor, self.hidden_size, lote, self.dtype)

    def _entrada_paso(self, x_t):
        return _v.paso_de_filas("x_t", x_t, self.input_size, self.dtype)

    # ------------------------------------------------- el contrato por lotes (filas)
    def paso_forward(self, x, h_prev, C_prev):
        r"""Un paso de la celda: las ecuaciones, sin validar.

        Parameters
        ----------
        x : ndarray de forma (N, D)
            Entrada del paso (o (D,), un ejemplo suelto).
        h_prev : ndarray de forma (N, H)
            Estado oculto anterior :math:`h_{t-1}` (o (H,)).
        C_prev : ndarray de forma (N, H)
            Estado de celda anterior :math:`C_{t-1}` (o (H,)).

        Returns
        -------
        h_t : ndarray de forma (N, H)
        C_t : ndarray de forma (N, H)
        cache : dict
            Lo que necesita :meth:`paso_backward`: ``x_t``, ``h_prev``,
            ``C_prev``, ``concat``, ``f_t``, ``i_t``, ``C_til``, ``o_t``,
            ``C_t``, ``tanh_C``, ``h_t`` y ``puertas`` (las cuatro juntas).
        """
        H = self.hidden_size
        concat = np.concatenate([h_prev, x], axis=-1)  # (N, H + D)
        a = concat @ self.W.T + self.b  # (N, 4H) las cuatro puertas en un producto
        puertas = _activar(a, H)  # (N, 4H): σ(f), σ(i), tanh(C̃), σ(o), en sitio
        f_t, i_t = puertas[..., :H], puertas[..., H : 2 * H]
        C_til, o_t = puertas[..., 2 * H : 3 * H], puertas[..., 3 * H :]
        C_t = f_t * C_prev + i_t * C_til  # (N, H) la cinta de la celda
        tanh_C = np.tanh(C_t)  # (N, H)
        h_t = o_t * tanh_C  # (N, H)
        cache = {
            "x_t": x,
            "h_prev": h_prev,
            "C_prev": C_prev,
            "concat": concat,
            "puertas": puertas,
            "f_t": f_t,
            "i_t": i_t,
            "C_til": C_til,
            "o_t": o_t,
            "C_t": C_t,
            "tanh_C": tanh_C,
            "h_t": h_t,
        }
        return h_t, C_t, cache

    def paso_backward(self, dh, dC, cache):
        r"""Retropropaga un paso, sin validar; no modifica sus entradas.

        Parameters
        ----------
        dh : ndarray de forma (N, H)
            :math:`\partial L/\partial h_t` total (de la salida y del paso t+1).
        dC : ndarray de forma (N, H)
            :math:`\partial L/\partial C_t` que llega del paso t+1.
        cache : dict
            El de :meth:`paso_forward`.

        Returns
        -------
        dx : ndarray de forma (N, D)
        dh_prev : ndarray de forma (N, H)
        dC_prev : ndarray de forma (N, H)
        grads : dict
            ``"W"`` (4H, H + D) y ``"b"`` (4H,) de este paso.
        """
        H = self.hidden_size
        puertas, tanh_C, C_prev = cache["puertas"], cache["tanh_C"], cache["C_prev"]
        da = np.empty_like(puertas)  # (N, 4H) gradiente de las preactivaciones
        # a través de h = o ⊙ tanh(C), de la cinta C y de las cuatro puertas
        dC_prev = _retro_puertas(dh, dC, puertas, tanh_C, C_prev, H, da)  # (N, H)
        dconcat = da @ self.W  # (N, H + D) a través del producto W [h, x]
        da_lote = np.atleast_2d(da)  # un ejemplo suelto: (1, 4H)
        grads = {
            "W": da_lote.T @ np.atleast_2d(cache["concat"]),  # (4H, H + D)
            "b": da_lote.sum(axis=0),  # (4H,) suma sobre el lote
        }
        return dconcat[..., H:], dconcat[..., :H], dC_prev, grads

    def forward(self, X, h0=None, C0=None):
        r"""*Forward* de un lote de secuencias, por el camino rápido.

        Parameters
        ----------
        X : ndarray de forma (N, T, D)
        h0 : ndarray de forma (N, H), opcional
            Estado oculto inicial (ceros por defecto).
        C0 : ndarray de forma (N, H), opcional
            Estado de celda inicial (ceros por defecto).

        Returns
        -------
        H_seq : ndarray de forma (N, T, H)
            :math:`h_1, \dots, h_T`.
        cache : dict
            Para :meth:`backward` (arrays en orden temporal (T, N, ...);
            ``cache["Cs"]`` son :math:`C_0, \dots, C_T`).
        """
        X = validar_lote(X, self.input_size, dtype=self.dtype)
        forma = (X.shape[0], self.hidden_size)
        h = estado_inicial("h0", h0, forma, self.dtype)
        C = estado_inicial("C0", C0, forma, self.dtype)
        return self._forward_rapido(X, h, C)

    def backward(self, dH, cache, dh_T=None, dC_T=None):
        r"""*Backward* de un lote, pareja de :meth:`forward` (camino rápido).

        Parameters
        ----------
        dH : ndarray de forma (N, T, H)
            :math:`\partial L/\partial h_t` que llega de fuera en cada paso.
        cache : dict
            El de :meth:`forward`.
        dh_T : ndarray de forma (N, H), opcional
            Gradiente que llega a :math:`h_T` desde fuera.
        dC_T : ndarray de forma (N, H), opcional
            Gradiente que llega a :math:`C_T` desde fuera.

        Returns
        -------
        dict
            ``"X"`` (N, T, D), ``"h0"`` (N, H), ``"C0"`` (N, H), ``"W"`` (4H, H + D)
            y ``"b"`` (4H,). No modifica sus entradas.
        """
        T, N, _ = cache["Xt"].shape
        dH = _v.array_finito("dH", dH, forma=(N, T, self.hidden_size), dtype=self.dtype)
        dh = estado_inicial("dh_T", dh_T, (N, self.hidden_size), self.dtype)
        dC = estado_inicial("dC_T", dC_T, (N, self.hidden_size), self.dtype)
        return self._backward_rapido(dH, cache, dh, dC)

    # ------------------------------------------------ el camino rápido, por lotes
    def _forward_rapido(self, X, h, C):
        r"""El *forward* de :meth:`forward`, sin validar.

        Las proyecciones de **todas** las entradas se calculan con un solo
        producto de matrices antes del bucle; en cada paso queda solo
        :math:`h_{t-1} W_h^\top` y las activaciones, hechas en sitio.
        """
        N, T, _ = X.shape
        H = self.hidden_size
        Xt = np.ascontiguousarray(X.transpose(1, 0, 2))  # (T, N, D) orden temporal
        W_hT = np.ascontiguousarray(self.W[:, :H].T)  # (H, 4H)
        puertas = Xt @ self.W[:, H:].T  # (T, N, 4H) todas las entradas a la vez
        puertas += self.b
        Hprev = np.empty((T, N, H), self.dtype)  # h_{t-1}
        Cs = np.empty((T + 1, N, H), self.dtype)  # C_0 ... C_T
        tanh_C = np.empty((T, N, H), self.dtype)
        Hs = np.empty((T, N, H), self.dtype)
        Cs[0] = C
        for t in range(T):
            Hprev[t] = h
            a = puertas[t]  # (N, 4H)
            a += h @ W_hT  # + h_{t-1} W_h^T
            _activar_rapido(a, H)  # σ(f), σ(i), tanh(C̃), σ(o)
            np.multiply(a[:, :H], Cs[t], out=Cs[t + 1])  # f ⊙ C_{t-1}
            Cs[t + 1] += a[:, H : 2 * H] * a[:, 2 * H : 3 * H]  # + i ⊙ C̃
            tanh_C[t] = Cs[t + 1]
            _tanh_en_sitio(tanh_C[t])  # tanh(C_t)
            h = np.multiply(a[:, 3 * H :], tanh_C[t], out=Hs[t])  # o ⊙ tanh(C)
        cache = {
            "Xt": Xt,
            "puertas": puertas,
            "Hprev": Hprev,
            "Cs": Cs,
            "tanh_C": tanh_C,
        }
        return Hs.transpose(1, 0, 2), cache

    def _backward_rapido(self, dH, cache, dh, dC):
        r"""El *backward* de :meth:`backward`, sin validar.

        Los gradientes de los pesos se acumulan **al final** con dos productos
        de matrices sobre todos los pasos a la vez.
        """
        T, N, D = cache["Xt"].shape
        H = self.hidden_size
        W_h = self.W[:, :H]  # (4H, H)
        dA = np.empty((T, N, 4 * H), self.dtype)
        for t in reversed(range(T)):
            dh = dh + dH[:, t]  # de la salida y de t+1
            dC = _retro_puertas(
                dh,
                dC,
                cache["puertas"][t],
                cache["tanh_C"][t],
                cache["Cs"][t],
                H,
                dA[t],
            )
            dh = dA[t] @ W_h  # (N, H) hacia h_{t-1}
        dA2 = dA.reshape(T * N, 4 * H)
        dW = np.empty_like(self.W)
        dW[:, :H] = dA2.T @ cache["Hprev"].reshape(T * N, H)  # (4H, H)
        dW[:, H:] = dA2.T @ cache["Xt"].reshape(T * N, D)  # (4H, D)
        dX = (dA @ self.W[:, H:]).transpose(1, 0, 2)  # (N, T, D)
        return {"X": dX, "h0": dh, "C0": dC, "W": dW, "b": dA2.sum(axis=0)}

    # ------------------------------------------------- las formas de la guía
    def forward_step(self, x_t, h_prev, C_prev):
        r"""Un paso de la celda: valida y llama a :meth:`paso_forward`.

        Parameters
        ----------
        x_t : ndarray de forma (D,) o (N, D)
            Entrada del paso t (un ejemplo o un lote).
        h_prev : ndarray de forma (H,) o (N, H)
            Estado oculto anterior :math:`h_{t-1}`.
        C_prev : ndarray de forma (H,) o (N, H)
            Estado de celda anterior :math:`C_{t-1}`.

        Returns
        -------
        h_t : ndarray de forma (H,) o (N, H)
        C_t : ndarray de forma (H,) o (N, H)
        cache : dict
            El de :meth:`paso_forward`.

        Raises
        ------
        ValueError
            Si las formas no encajan o hay valores no finitos.
        """
        x_t, N = self._entrada_paso(x_t)
        h_prev = self._estado("h_prev", h_prev, N)
        C_prev = self._estado("C_prev", C_prev, N)
        return self.paso_forward(x_t, h_prev, C_prev)

    def backward_step(self, dh_t, dC_t, cache):
        r"""Retropropaga un paso: valida y llama a :meth:`paso_backward`.

        Parameters
        ----------
        dh_t : ndarray de forma (H,) o (N, H)
            :math:`\partial L/\partial h_t` total (de la salida y del paso t+1).
        dC_t : ndarray de forma (H,) o (N, H)
            :math:`\partial L/\partial C_t` que llega del paso t+1.
        cache : dict
            El de :meth:`forward_step`.

        Returns
        -------
        dx_t : ndarray de forma (D,) o (N, D)
        dh_prev : ndarray de forma (H,) o (N, H)
        dC_prev : ndarray de forma (H,) o (N, H)
        dW : ndarray de forma (4H, H + D)
        db : ndarray de forma (4H,)

        Notes
        -----
        Ninguna entrada se modifica.
        """
        N = None if cache["h_t"].ndim == 1 else cache["h_t"].shape[0]
        dh_t = self._estado("dh_t", dh_t, N)
        dC_t = self._estado("dC_t", dC_t, N)
        dx, dh_prev, dC_prev, grads = self.paso_backward(dh_t, dC_t, cache)
        return dx, dh_prev, dC_prev, grads["W"], grads["b"]

    def _secuencia(self, X):
        return _v.secuencia_de_filas("X", X, self.input_size, self.dtype)

    def forward_sequence(self, X, h0=None, C0=None):
        r"""Recorre una secuencia con :meth:`paso_forward` (la API de la guía).

        Parameters
        ----------
        X : ndarray de forma (T, D), lista de T arrays (D,), o ndarray de forma (N, T, D)
        h0 : ndarray de forma (H,) o (N, H), opcional
            Estado oculto inicial (ceros por defecto).
        C0 : ndarray de forma (H,) o (N, H), opcional
            Estado de celda inicial (ceros por defecto).

        Returns
        -------
        states_h : list of ndarray
            T + 1 estados ocultos :math:`h_0, \dots, h_T` (el primero es ``h0``).
        states_C : list of ndarray
            T + 1 estados de celda.
        caches : list of dict
            Uno por paso.
        """
        X = self._secuencia(X)
        N = None if X.ndim == 2 else X.shape[0]
        forma = (self.hidden_size,) if N is None else (N, self.hidden_size)
        h = np.zeros(forma, self.dtype) if h0 is None else self._estado("h0", h0, N)
        C = np.zeros(forma, self.dtype) if C0 is None else self._estado("C0", C0, N)
        states_h, states_C, caches = [h], [C], []
        for t in range(X.shape[-2]):
            h, C, cache = self.paso_forward(X[..., t, :], h, C)
            states_h.append(h)
            states_C.append(C)
            caches.append(cache)
        return states_h, states_C, caches

    def backward_sequence(self, dH, caches, dh_T=None, dC_T=None):
        r"""BPTT completa con :meth:`paso_backward`, por :math:`h` y por la celda :math:`C`.

        Parameters
        ----------
        dH : ndarray de forma (T, H) o (N, T, H)
            :math:`\partial L/\partial h_t` que llega de fuera (de la salida) en cada paso.
        caches : list of dict
            Los de :meth:`forward_sequence`.
        dh_T : ndarray de forma (H,) o (N, H), opcional
            Gradiente que llega a :math:`h_T` desde más allá de la secuencia.
        dC_T : ndarray de forma (H,) o (N, H), opcional
            Gradiente que llega a :math:`C_T` desde más allá de la secuencia.

        Returns
        -------
        dict
            ``"X"`` (forma de X), ``"h0"``, ``"C0"``, ``"W"`` (4H, H + D) y ``"b"`` (4H,).
        """
        if not caches:
            raise ValueError("caches está vacía: no hay pasos que retropropagar.")
        N = None if caches[0]["h_t"].ndim == 1 else caches[0]["h_t"].shape[0]
        T, H = len(caches), self.hidden_size
        forma_dH = (T, H) if N is None else (N, T, H)
        dH = _v.array_finito("dH", dH, forma=forma_dH, dtype=self.dtype)
        forma = (H,) if N is None else (N, H)
        dh = (
            np.zeros(forma, self.dtype)
            if dh_T is None
            else self._estado("dh_T", dh_T, N)
        )
        dC = (
            np.zeros(forma, self.dtype)
            if dC_T is None
            else self._estado("dC_T", dC_T, N)
        )
        dW, db = np.zeros_like(self.W), np.zeros_like(self.b)
        dX = []
        for t in reversed(range(T)):
            dh = dh + dH[..., t, :]  # lo que llega de la salida más lo que llega de t+1
            dx, dh, dC, grads = self.paso_backward(dh, dC, caches[t])
            dW += grads["W"]
            db += grads["b"]
            dX.append(dx)
        dX = np.stack(dX[::-1], axis=-2)  # (T, D) o (N, T, D)
        return {"X": dX, "h0": dh, "C0": dC, "W": dW, "b": db}

    # ------------------------------------------------------------- PyTorch
    @classmethod
    def desde_torch(cls, celda, *, dtype=np.float64) -> CeldaLSTM:
        """Celda con los pesos de un ``nn.LSTMCell`` (o de un ``nn.LSTM`` de una capa y una dirección).

        Parameters
        ----------
        celda : torch.nn.LSTMCell o torch.nn.LSTM
        dtype : {numpy.float64, numpy.float32}

        Returns
        -------
        CeldaLSTM
            Calcula la misma función que ``celda``.

        Raises
        ------
        TypeError
            Si ``celda`` no es un ``nn.LSTMCell`` ni un ``nn.LSTM``.
        ValueError
            Si el ``nn.LSTM`` tiene varias capas, dos direcciones o proyección.

        Examples
        --------
        >>> import torch
        >>> _ = torch.manual_seed(0)
        >>> ref = torch.nn.LSTMCell(3, 4).double()
        >>> x, h, c = torch.randn(2, 3).double(), torch.randn(2, 4).double(), torch.randn(2, 4).double()
        >>> h_ref, c_ref = ref(x, (h, c))
        >>> h_np, c_np, _ = CeldaLSTM.desde_torch(ref).forward_step(x.numpy(), h.numpy(), c.numpy())
        >>> bool(np.allclose(h_np, h_ref.detach().numpy(), atol=1e-12))
        True
        """
        W_ih, W_hh, b_ih, b_hh = pesos_torch(celda, "LSTM")
        D, H = W_ih.shape[1], W_hh.shape[1]
        orden = [1, 0, 2, 3]  # nuestras f, i, C, o ← PyTorch i, f, g, o
        W = np.concatenate(
            [W_hh.reshape(4, H, H)[orden], W_ih.reshape(4, H, D)[orden]], axis=2
        )  # (4, H, H+D)
        nueva = cls(D, H, semilla=0, dtype=dtype)
        nueva.W[...] = W.reshape(4 * H, H + D)
        nueva.b[...] = (b_ih + b_hh).reshape(4, H)[orden].reshape(4 * H)
        return nueva

    def a_torch(self):
        """Un ``nn.LSTMCell`` (``float64``) con los mismos pesos (``bias_hh`` = 0).

        Returns
        -------
        torch.nn.LSTMCell
        """
        import torch

        H, D = self.hidden_size, self.input_size
        orden = [
            1,
            0,
            2,
            3,
        ]  # PyTorch i, f, g, o ← nuestras f, i, C, o (la permutación es su propia inversa)
        W = self.W.reshape(4, H, H + D)[orden].astype(np.float64)
        celda = torch.nn.LSTMCell(D, H).double()
        with torch.no_grad():
            celda.weight_hh.copy_(torch.from_numpy(W[:, :, :H].reshape(4 * H, H)))
            celda.weight_ih.copy_(torch.from_numpy(W[:, :, H:].reshape(4 * H, D)))
            celda.bias_ih.copy_(
                torch.from_numpy(
                    self.b.reshape(4, H)[orden].reshape(4 * H).astype(np.float64)
                )
            )
            celda.bias_hh.zero_()
        return celda

    def __repr__(self) -> str:
        return f"CeldaLSTM(input_size={self.input_size}, hidden_size={self.hidden_size}, dtype={self.dtype})"


def validar_dtype(dtype):
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(
            f"dtype debe ser float32 o float64; se recibió {dtype!r}."
        ) from exc
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype debe ser float32 o float64; se recibió {dt}.")
    return dt


def pesos_torch(celda, tipo: str):
    """``(W_ih, W_hh, b_ih, b_hh)`` en float64 de una celda o capa de PyTorch de una capa."""
    from torch import nn

    celdas = {"LSTM": (nn.LSTMCell, nn.LSTM), "GRU": (nn.GRUCell, nn.GRU)}[tipo]
    if not isinstance(celda, celdas):
        raise TypeError(
            f"celda debe ser un nn.{tipo}Cell o un nn.{tipo}; se recibió {type(celda).__name__}."
        )
    if isinstance(celda, celdas[1]):
        if (
            celda.num_layers != 1
            or celda.bidirectional
            or getattr(celda, "proj_size", 0)
        ):
            raise ValueError(
                f"Solo se admite un nn.{tipo} de una capa, una dirección y sin proyección; se recibió "
                f"num_layers={celda.num_layers}, bidirectional={celda.bidirectional}."
            )
        sufijo = "_l0"
    else:
        sufijo = ""

    def np64(nombre):
        p = getattr(celda, nombre + sufijo, None)
        return None if p is None else p.detach().cpu().double().numpy().copy()

    W_ih, W_hh = np64("weight_ih"), np64("weight_hh")
    b_ih, b_hh = np64("bias_ih"), np64("bias_hh")
    ceros = np.zeros(W_ih.shape[0])
    return W_ih, W_hh, ceros if b_ih is None else b_ih, ceros if b_hh is None else b_hh
