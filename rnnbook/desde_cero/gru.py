r"""Parte 2: la celda GRU desde cero con NumPy (forward y backward).

:class:`CeldaGRU` implementa **la convención de PyTorch** (``nn.GRU``), con las
puertas en el orden ``r, z, n`` y dos sesgos:

.. math::
    r_t &= \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
    z_t &= \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
    n_t &= \tanh\bigl(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})\bigr) \\
    h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}

La guía (ejercicio B1) escribe otra forma, con dos diferencias:
:math:`\tilde h_t = \tanh(W [r_t \odot h_{t-1}, x_t])`, es decir, el reinicio se
aplica **antes** del producto por la matriz (como en :cite:t:`cho2014gru`), y
:math:`h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t`, con los papeles de
:math:`z` y :math:`1 - z` cambiados respecto a :cite:t:`cho2014gru` y a PyTorch.
:func:`paso_gru_guia` calcula esa forma con los mismos pesos y
:func:`diferencias_gru_guia` mide cuánto se separa de ``nn.GRU``.
"""

from __future__ import annotations

import numpy as np

from .. import validacion as _v
from ..desde_cero.lstm import pesos_torch, sigmoid, validar_dtype
from ..desde_cero.rnn import estado_inicial, validar_lote

__all__ = ["CeldaGRU", "paso_gru_guia"]

#: Orden de los bloques de ``W_ih``, ``W_hh``, ``b_ih`` y ``b_hh`` (el de PyTorch).
ORDEN_PUERTAS_GRU = ("r", "z", "n")


class CeldaGRU:
    r"""Celda GRU con NumPy en la convención de ``nn.GRU``: *forward* y *backward*.

    Parameters
    ----------
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado.
    semilla : int, opcional
        Semilla de los pesos; ``None`` usa el estado global de ``numpy.random``.
    dtype : {numpy.float64, numpy.float32}

    Attributes
    ----------
    W_ih : ndarray de forma (3H, D)
        Pesos de entrada de :math:`r, z, n`, fusionados (como ``weight_ih``).
    W_hh : ndarray de forma (3H, H)
        Pesos recurrentes (como ``weight_hh``).
    b_ih : ndarray de forma (3H,)
        Sesgos de la parte de entrada.
    b_hh : ndarray de forma (3H,)
        Sesgos de la parte recurrente. No son redundantes con ``b_ih``:
        :math:`b_{hn}` queda dentro de :math:`r_t \odot (\cdot)`.

    Notes
    -----
    Inicialización como PyTorch: todo uniforme en
    :math:`[-1/\sqrt H, 1/\sqrt H]`.

    .. note:: Esta es la forma de PyTorch (el reinicio se aplica **después**
       del producto :math:`W_{hn} h_{t-1} + b_{hn}`, como en cuDNN), **no** la
       de la guía ni la de :cite:t:`cho2014gru`; véase :func:`paso_gru_guia`.

    El contrato por lotes, en filas, es el de las tres celdas:
    :meth:`paso_forward` / :meth:`paso_backward` (un paso, las ecuaciones, sin
    validar) y :meth:`forward` / :meth:`backward` (un lote (N, T, D): validan
    una vez y recorren los pasos). Las formas de la guía
    (:meth:`forward_step`, :meth:`backward_step`, :meth:`forward_sequence`,
    :meth:`backward_sequence`) validan y llaman a esos mismos pasos; admiten
    además un ejemplo suelto, (D,) y (H,).

    Examples
    --------
    >>> g = CeldaGRU(3, 4, semilla=0)
    >>> h, cache = g.forward_step(np.ones(3), np.zeros(4))
    >>> h.shape, g.get_param_count()
    ((4,), 108)
    >>> Hs, cache = g.forward(np.ones((2, 5, 3)))
    >>> Hs.shape, sorted(g.backward(np.ones_like(Hs), cache))
    ((2, 5, 4), ['W_hh', 'W_ih', 'X', 'b_hh', 'b_ih', 'h0'])
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        semilla: int | None = None,
        dtype=np.float64,
    ):
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        dtype = validar_dtype(dtype)
        if semilla is not None:
            semilla = _v.semilla("semilla", semilla)
        rng = np.random if semilla is None else np.random.RandomState(semilla)
        H, D = self.hidden_size, self.input_size
        k = 1.0 / np.sqrt(H)
        self.W_ih = rng.uniform(-k, k, (3 * H, D)).astype(dtype)  # (3H, D)
        self.W_hh = rng.uniform(-k, k, (3 * H, H)).astype(dtype)  # (3H, H)
        self.b_ih = rng.uniform(-k, k, 3 * H).astype(dtype)  # (3H,)
        self.b_hh = rng.uniform(-k, k, 3 * H).astype(dtype)  # (3H,)

    @property
    def dtype(self):
        """Tipo flotante de los pesos."""
        return self.W_ih.dtype

    def get_param_count(self) -> int:
        r"""Número de parámetros: :math:`3\,(HD + H^2 + 2H)`, el ``numel()`` de ``nn.GRUCell``."""
        return int(sum(p.size for p in self.parametros().values()))

    def parametros(self) -> dict[str, np.ndarray]:
        """Los parámetros por nombre (``"W_ih"``, ``"W_hh"``, ``"b_ih"``, ``"b_hh"``)."""
        return {
            "W_ih": self.W_ih,
            "W_hh": self.W_hh,
            "b_ih": self.b_ih,
            "b_hh": self.b_hh,
        }

    def _estado(self, nombre, valor, lote):
        return _v.estado_de_filas(nombre, valor, self.hidden_size, lote, self.dtype)

    def _entrada_paso(self, x_t):
        return _v.paso_de_filas("x_t", x_t, self.input_size, self.dtype)

    # ------------------------------------------------- el contrato por lotes (filas)
    def paso_forward(self, x, h_prev):
        r"""Un paso de la GRU: las ecuaciones, sin validar.

        Parameters
        ----------
        x : ndarray de forma (N, D)
            Entrada del paso (o (D,), un ejemplo suelto).
        h_prev : ndarray de forma (N, H)
            Estado anterior :math:`h_{t-1}` (o (H,)).

        Returns
        -------
        h : ndarray de forma (N, H)
            El nuevo estado.
        cache : dict
            ``x_t``, ``h_prev``, ``r_t``, ``z_t``, ``n_t``, ``gh_n``
            (:math:`W_{hn} h_{t-1} + b_{hn}`) y ``h_t``.
        """
        H = self.hidden_size
        gi = x @ self.W_ih.T + self.b_ih  # (N, 3H) las tres puertas en un producto
        gh = h_prev @ self.W_hh.T + self.b_hh  # (N, 3H)
        r_t = sigmoid(gi[..., :H] + gh[..., :H])  # (N, H) reinicio
        z_t = sigmoid(gi[..., H : 2 * H] + gh[..., H : 2 * H])  # (N, H) actualización
        gh_n = gh[..., 2 * H :]  # (N, H)
        n_t = np.tanh(gi[..., 2 * H :] + r_t * gh_n)  # (N, H) candidato
        h_t = (1.0 - z_t) * n_t + z_t * h_prev  # (N, H)
        cache = {
            "x_t": x,
            "h_prev": h_prev,
            "r_t": r_t,
            "z_t": z_t,
            "n_t": n_t,
            "gh_n": gh_n,
            "h_t": h_t,
        }
        return h_t, cache

    def paso_backward(self, dh, cache):
        r"""Retropropaga un paso, sin validar; no modifica sus entradas.

        Parameters
        ----------
        dh : ndarray de forma (N, H)
            :math:`\partial L/\partial h_t` total (de la salida y del paso t+1).
        cache : dict
            El de :meth:`paso_forward`.

        Returns
        -------
        dx : ndarray de forma (N, D)
        dh_prev : ndarray de forma (N, H)
        grads : dict
            ``"W_ih"``, ``"W_hh"``, ``"b_ih"``, ``"b_hh"`` de este paso.
        """
        x, h_prev, r, z, n, gh_n = (
            cache[k] for k in ("x_t", "h_prev", "r_t", "z_t", "n_t", "gh_n")
        )
        dn = dh * (1.0 - z)  # a través de (1 - z) ⊙ n
        dz = dh * (h_prev - n)  # a través de la mezcla
        da_n = dn * (1.0 - n * n)  # a través de tanh
        dr = da_n * gh_n  # a través de r ⊙ (W_hn h + b_hn)
        da_r = dr * r * (1.0 - r)  # a través de σ
        da_z = dz * z * (1.0 - z)  # a través de σ
        dgi = np.concatenate([da_r, da_z, da_n], axis=-1)  # (N, 3H)
        dgh = np.concatenate([da_r, da_z, da_n * r], axis=-1)  # (N, 3H)
        dx = dgi @ self.W_ih  # (N, D)
        dh_prev = dh * z + dgh @ self.W_hh  # directo por z ⊙ h más por las puertas
        dgi_lote, dgh_lote = np.atleast_2d(dgi, dgh)  # un ejemplo suelto: (1, 3H)
        grads = {
            "W_ih": dgi_lote.T @ np.atleast_2d(x),  # (3H, D) suma sobre el lote
            "W_hh": dgh_lote.T @ np.atleast_2d(h_prev),  # (3H, H)
            "b_ih": dgi_lote.sum(0),  # (3H,)
            "b_hh": dgh_lote.sum(0),  # (3H,)
        }
        return dx, dh_prev, grads

    def forward(self, X, h0=None):
        r"""Recorre un lote de secuencias con :meth:`paso_forward`.

        Parameters
        ----------
        X : ndarray de forma (N, T, D)
        h0 : ndarray de forma (N, H), opcional
            Estado inicial; por defecto, ceros.

        Returns
        -------
        Hs : ndarray de forma (N, T, H)
            :math:`h_1, \dots, h_T`.
        cache : list of dict
            Uno por paso, para :meth:`backward`.
        """
        X = validar_lote(X, self.input_size, dtype=self.dtype)
        N, T, _ = X.shape
        h = estado_inicial("h0", h0, (N, self.hidden_size), self.dtype)
        Hs = np.empty((N, T, self.hidden_size), self.dtype)
        cache = []
        for t in range(T):
            h, cache_t = self.paso_forward(X[:, t], h)
            Hs[:, t] = h
            cache.append(cache_t)
        return Hs, cache

    def backward(self, dH, cache, dh_T=None):
        r"""BPTT de un lote: :meth:`paso_backward` del último paso al primero.

        Parameters
        ----------
        dH : ndarray de forma (N, T, H)
            :math:`\partial L/\partial h_t` que llega de fuera en cada paso.
        cache : list of dict
            El de :meth:`forward`.
        dh_T : ndarray de forma (N, H), opcional
            Gradiente que llega a :math:`h_T` desde más allá de la secuencia.

        Returns
        -------
        dict
            ``"X"`` (N, T, D), ``"h0"`` (N, H) y ``"W_ih"``, ``"W_hh"``,
            ``"b_ih"``, ``"b_hh"`` con las formas de los parámetros. No
            modifica sus entradas.
        """
        if not isinstance(cache, list) or not cache:
            raise ValueError("cache debe ser la lista (no vacía) de forward(X).")
        N, T, H = cache[0]["h_t"].shape[0], len(cache), self.hidden_size
        dH = _v.array_finito("dH", dH, forma=(N, T, H), dtype=self.dtype)
        dh = estado_inicial("dh_T", dh_T, (N, H), self.dtype)
        grads = {nombre: np.zeros_like(p) for nombre, p in self.parametros().items()}
        dX = np.empty((N, T, self.input_size), self.dtype)
        for t in reversed(range(T)):
            dh = dh + dH[:, t]  # la salida en t más lo que llega de t+1
            dx, dh, g = self.paso_backward(dh, cache[t])
            dX[:, t] = dx
            for nombre in grads:
                grads[nombre] += g[nombre]
        return {"X": dX, "h0": dh, **grads}

    # ------------------------------------------------- las formas de la guía
    def forward_step(self, x_t, h_prev):
        r"""Un paso de la GRU: valida y llama a :meth:`paso_forward`.

        Parameters
        ----------
        x_t : ndarray de forma (D,) o (N, D)
        h_prev : ndarray de forma (H,) o (N, H)

        Returns
        -------
        h_t : ndarray de forma (H,) o (N, H)
            El nuevo estado (primero, como pide la API del libro).
        cache : dict
            El de :meth:`paso_forward`.
        """
        x_t, N = self._entrada_paso(x_t)
        h_prev = self._estado("h_prev", h_prev, N)
        return self.paso_forward(x_t, h_prev)

    def backward_step(self, dh_t, cache):
        r"""Retropropaga un paso: valida y llama a :meth:`paso_backward`.

        Parameters
        ----------
        dh_t : ndarray de forma (H,) o (N, H)
            :math:`\partial L/\partial h_t` total.
        cache : dict
            El de :meth:`forward_step`.

        Returns
        -------
        dx_t : ndarray de forma (D,) o (N, D)
        dh_prev : ndarray de forma (H,) o (N, H)
        grads : dict
            ``"W_ih"``, ``"W_hh"``, ``"b_ih"``, ``"b_hh"`` de este paso.
        """
        h_prev = cache["h_prev"]
        N = None if h_prev.ndim == 1 else h_prev.shape[0]
        return self.paso_backward(self._estado("dh_t", dh_t, N), cache)

    # ------------------------------------------------------------ secuencias
    def _secuencia(self, X):
        return _v.secuencia_de_filas("X", X, self.input_size, self.dtype)

    def forward_sequence(self, X, h0=None):
        r"""Recorre una secuencia con :meth:`paso_forward` (la API de la guía).

        Parameters
        ----------
        X : ndarray de forma (T, D) o (N, T, D), o lista de T arrays (D,)
        h0 : ndarray de forma (H,) o (N, H), opcional

        Returns
        -------
        states_h : list of ndarray
            T + 1 estados :math:`h_0, \dots, h_T`.
        caches : list of dict
        """
        X = self._secuencia(X)
        N = None if X.ndim == 2 else X.shape[0]
        forma = (self.hidden_size,) if N is None else (N, self.hidden_size)
        h = np.zeros(forma, self.dtype) if h0 is None else self._estado("h0", h0, N)
        states_h, caches = [h], []
        for t in range(X.shape[-2]):
            h, cache = self.paso_forward(X[..., t, :], h)
            states_h.append(h)
            caches.append(cache)
        return states_h, caches

    def backward_sequence(self, dH, caches, dh_T=None):
        r"""BPTT completa con :meth:`paso_backward` (la API de la guía).

        Parameters
        ----------
        dH : ndarray de forma (T, H) o (N, T, H)
            :math:`\partial L/\partial h_t` que llega de fuera en cada paso.
        caches : list of dict
        dh_T : ndarray de forma (H,) o (N, H), opcional

        Returns
        -------
        dict
            ``"X"``, ``"h0"``, ``"W_ih"``, ``"W_hh"``, ``"b_ih"``, ``"b_hh"``.
        """
        if not caches:
            raise ValueError("caches está vacía: no hay pasos que retropropagar.")
        N = None if caches[0]["h_t"].ndim == 1 else caches[0]["h_t"].shape[0]
        T, H = len(caches), self.hidden_size
        dH = _v.array_finito(
            "dH", dH, forma=(T, H) if N is None else (N, T, H), dtype=self.dtype
        )
        forma = (H,) if N is None else (N, H)
        dh = (
            np.zeros(forma, self.dtype)
            if dh_T is None
            else self._estado("dh_T", dh_T, N)
        )
        total = {k: np.zeros_like(v) for k, v in self.parametros().items()}
        dX = []
        for t in reversed(range(T)):
            dh = dh + dH[..., t, :]  # de la salida y de t+1
            dx, dh, g = self.paso_backward(dh, caches[t])
            for k in total:
                total[k] += g[k]
            dX.append(dx)
        return {"X": np.stack(dX[::-1], axis=-2), "h0": dh, **total}

    # --------------------------------------------------------------- PyTorch
    @classmethod
    def desde_torch(cls, celda, *, dtype=np.float64) -> CeldaGRU:
        """Celda con los pesos de un ``nn.GRUCell`` (o de un ``nn.GRU`` de una capa y una dirección).

        Parameters
        ----------
        celda : torch.nn.GRUCell o torch.nn.GRU
        dtype : {numpy.float64, numpy.float32}

        Returns
        -------
        CeldaGRU

        Raises
        ------
        TypeError
            Si ``celda`` no es un ``nn.GRUCell`` ni un ``nn.GRU``.
        ValueError
            Si el ``nn.GRU`` tiene varias capas o dos direcciones.

        Examples
        --------
        >>> import torch
        >>> _ = torch.manual_seed(0)
        >>> ref = torch.nn.GRUCell(3, 4).double()
        >>> x, h = torch.randn(2, 3).double(), torch.randn(2, 4).double()
        >>> h_np, _ = CeldaGRU.desde_torch(ref).forward_step(x.numpy(), h.numpy())
        >>> bool(np.allclose(h_np, ref(x, h).detach().numpy(), atol=1e-12))
        True
        """
        W_ih, W_hh, b_ih, b_hh = pesos_torch(celda, "GRU")
        nueva = cls(W_ih.shape[1], W_hh.shape[1], semilla=0, dtype=dtype)
        nueva.W_ih[...], nueva.W_hh[...], nueva.b_ih[...], nueva.b_hh[...] = (
            W_ih,
            W_hh,
            b_ih,
            b_hh,
        )
        return nueva

    def a_torch(self):
        """Un ``nn.GRUCell`` (``float64``) con los mismos pesos.

        Returns
        -------
        torch.nn.GRUCell
        """
        import torch

        celda = torch.nn.GRUCell(self.input_size, self.hidden_size).double()
        with torch.no_grad():
            for nombre, valor in self.parametros().items():
                destino = {
                    "W_ih": celda.weight_ih,
                    "W_hh": celda.weight_hh,
                    "b_ih": celda.bias_ih,
                    "b_hh": celda.bias_hh,
                }[nombre]
                destino.copy_(torch.from_numpy(valor.astype(np.float64)))
        return celda

    def __repr__(self) -> str:
        return f"CeldaGRU(input_size={self.input_size}, hidden_size={self.hidden_size}, dtype={self.dtype})"


def paso_gru_guia(
    celda: CeldaGRU, x_t, h_prev, *, z_como_guia: bool = True, r_como_guia: bool = True
):
    r"""Un paso de la GRU en la forma de la guía (ejercicio B1), con los pesos de ``celda``.

    Con ambas opciones activas se calcula

    .. math::
        \tilde h_t &= \tanh\bigl(W_{in} x_t + b_{in} + W_{hn} (r_t \odot h_{t-1}) + b_{hn}\bigr) \\
        h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t

    con :math:`r_t` y :math:`z_t` iguales que en :class:`CeldaGRU`. Cada opción
    desactivada devuelve esa pieza a la forma de PyTorch, para medir por
    separado el efecto de cada diferencia.

    Parameters
    ----------
    celda : CeldaGRU
        Sus pesos se usan tal cual.
    x_t : ndarray de forma (D,) o (N, D)
    h_prev : ndarray de forma (H,) o (N, H)
    z_como_guia : bool
        ``True``: :math:`z` pondera el candidato (guía); ``False``: pondera
        :math:`h_{t-1}` (PyTorch).
    r_como_guia : bool
        ``True``: :math:`r` multiplica a :math:`h_{t-1}` antes de :math:`W_{hn}`
        (guía); ``False``: multiplica a :math:`W_{hn} h_{t-1} + b_{hn}` (PyTorch).

    Returns
    -------
    ndarray de forma (H,) o (N, H)

    Examples
    --------
    >>> g = CeldaGRU(3, 4, semilla=1)
    >>> x, h = np.ones(3), np.full(4, 0.5)
    >>> bool(np.allclose(paso_gru_guia(g, x, h, z_como_guia=False, r_como_guia=False),
    ...                  g.forward_step(x, h)[0]))
    True
    """
    if not isinstance(celda, CeldaGRU):
        raise TypeError(
            f"celda debe ser una CeldaGRU; se recibió {type(celda).__name__}."
        )
    for nombre, valor in (("z_como_guia", z_como_guia), ("r_como_guia", r_como_guia)):
        if not isinstance(valor, bool):
            raise TypeError(f"{nombre} debe ser True o False; se recibió {valor!r}.")
    x_t, N = celda._entrada_paso(x_t)
    h_prev = celda._estado("h_prev", h_prev, N)
    H = celda.hidden_size
    gi = x_t @ celda.W_ih.T + celda.b_ih  # (N, 3H)
    gh = h_prev @ celda.W_hh.T + celda.b_hh  # (N, 3H)
    r = sigmoid(gi[..., :H] + gh[..., :H])
    z = sigmoid(gi[..., H : 2 * H] + gh[..., H : 2 * H])
    W_hn, b_hn = celda.W_hh[2 * H :], celda.b_hh[2 * H :]
    if r_como_guia:
        cand = np.tanh(gi[..., 2 * H :] + (r * h_prev) @ W_hn.T + b_hn)  # W [r ⊙ h, x]
    else:
        cand = np.tanh(gi[..., 2 * H :] + r * gh[..., 2 * H :])
    if z_como_guia:
        return (1.0 - z) * h_prev + z * cand
    return (1.0 - z) * cand + z * h_prev
