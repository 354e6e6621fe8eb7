r"""Parte 1: la celda RNN y BPTT desde cero con NumPy.

La celda tiene dos caras con las mismas ecuaciones:

* **El contrato por lotes**, en filas, el mismo de :class:`~rnnbook.CeldaLSTM`
  y :class:`~rnnbook.CeldaGRU`: un paso es :meth:`CeldaRNN.paso_forward` /
  :meth:`CeldaRNN.paso_backward` sobre arrays (N, D) y (N, H), y una
  secuencia es :meth:`CeldaRNN.forward` / :meth:`CeldaRNN.backward` sobre un
  lote (N, T, D).
* **La forma de la guía del laboratorio**, en columnas: una secuencia es una
  **lista de T vectores columna** de forma (D, 1) (o matrices (D, N), una
  columna por secuencia, o un ``ndarray`` (T, D, N)), con
  :meth:`CeldaRNN.forward_step`, :meth:`CeldaRNN.backward_step`,
  :meth:`CeldaRNN.forward_sequence` y :meth:`CeldaRNN.backward_sequence`,
  que incluyen la capa de salida :math:`y_t = W_{hy} h_t + b_y`.
  :class:`RNN_BPTT` se construye con los pasos de esta cara.

Los pesos se guardan como ``(salida, entrada)``, igual que PyTorch y la guía
(``W_xh`` de forma (H, D), ``W_hh`` (H, H), ``W_hy`` (O, H)), y los sesgos son
vectores columna (``b_h`` (H, 1), ``b_y`` (O, 1)); en filas se usan
traspuestos: :math:`a = x W_{xh}^\top + h W_{hh}^\top + b_h^\top`.

Letras de las formas: N (secuencias del lote), T (pasos de tiempo),
D (entrada), H (estado oculto), O (salidas o clases).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping

import numpy as np

from .. import validacion as _v

__all__ = [
    "NOMBRES_PARAMETROS",
    "NOMBRES_RECURRENCIA",
    "validar_secuencia_rnn",
    "validar_clases_rnn",
    "validar_lote",
    "estado_inicial",
    "norma_global",
    "CeldaRNN",
    "RNN_ManyToOne",
    "RNN_ManyToMany",
    "RNN_BPTT",
]

#: Nombres de los parámetros de una RNN simple, en el orden de la guía.
NOMBRES_PARAMETROS = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")

#: Los de la recurrencia, los que deriva el contrato por lotes (sin la capa de salida).
NOMBRES_RECURRENCIA = ("W_xh", "W_hh", "b_h")


# --------------------------------------------------------------------------- utilidades internas
def _generador(semilla):
    """Fuente de números aleatorios: el estado global de NumPy o uno propio.

    ``None`` usa ``np.random`` (la forma de la guía: ``np.random.seed(0)`` y
    luego construir); un entero crea ``np.random.default_rng(semilla)``; un
    ``Generator`` o un ``RandomState`` se usan tal cual.
    """
    if semilla is None:
        return np.random
    if isinstance(semilla, (np.random.Generator, np.random.RandomState)):
        return semilla
    if isinstance(semilla, bool) or not isinstance(semilla, numbers.Integral):
        raise TypeError(
            "semilla debe ser None, un entero >= 0, un numpy.random.Generator o un "
            f"numpy.random.RandomState; se recibió {semilla!r} de tipo {type(semilla).__name__}."
        )
    return np.random.default_rng(_v.entero_positivo("semilla", semilla, minimo=0))


def validar_secuencia_rnn(X, D: int, nombre: str = "X") -> list[np.ndarray]:
    """Valida una secuencia y la devuelve como lista de T arrays (D, N).

    Acepta una lista (o tupla) de T arrays (D, N) —la forma de la guía es
    N = 1— o un ``ndarray`` de forma (T, D, N).
    """
    if isinstance(X, np.ndarray):
        arr = _v.array_finito(nombre, X, forma=(None, D, None))
        pasos = list(arr)
    elif isinstance(X, (list, tuple)):
        pasos = list(X)
    else:
        raise TypeError(
            f"{nombre} debe ser una lista de T arrays de forma (D, N) = ({D}, N) o un ndarray de forma "
            f"(T, D, N); se recibió {type(X).__name__}."
        )
    if len(pasos) == 0:
        raise ValueError(
            f"{nombre} está vacía: se esperaba una secuencia con al menos un paso (T >= 1); se recibió T = 0."
        )
    primero = _v.array_finito(f"{nombre}[0]", pasos[0], forma=(D, None))
    N = primero.shape[1]
    if N == 0:
        raise ValueError(
            f"{nombre}[0] tiene forma {primero.shape}: se esperaba al menos una columna (N >= 1)."
        )
    if isinstance(X, np.ndarray):
        return pasos
    salida = [primero]
    for t in range(1, len(pasos)):
        salida.append(_v.array_finito(f"{nombre}[{t}]", pasos[t], forma=(D, N)))
    return salida


def validar_clases_rnn(y_true, O: int, N: int, nombre: str = "y_true") -> np.ndarray:
    """Valida las clases objetivo: un entero (si N = 1) o N enteros en [0, O)."""
    escalar_entero = (
        isinstance(y_true, numbers.Integral) and not isinstance(y_true, bool)
    ) or (
        isinstance(y_true, np.ndarray)
        and y_true.ndim == 0
        and np.issubdtype(y_true.dtype, np.integer)
    )
    if N == 1 and escalar_entero:
        return np.array([_v.indice_clase(nombre, y_true, O)])
    if escalar_entero:
        raise ValueError(
            f"{nombre} debe tener forma ({N},), una clase por secuencia del lote; "
            f"se recibió el entero {y_true}."
        )
    if (
        isinstance(y_true, (str, bytes))
        or y_true is None
        or isinstance(y_true, numbers.Real)
    ):
        raise TypeError(
            f"{nombre} debe ser un índice de clase entero (o {N} enteros, uno por secuencia del lote); "
            f"se recibió {y_true!r} de tipo {type(y_true).__name__}."
        )
    try:
        arr = np.asarray(y_true)
    except ValueError:  # una lista irregular, p. ej. [[0], [1, 1]]
        raise ValueError(
            f"{nombre} debe tener forma ({N},), una clase por secuencia; "
            "se recibió una lista irregular."
        ) from None
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(
            f"{nombre} debe contener índices de clase enteros; se recibió dtype {arr.dtype}."
        )
    if arr.shape != (N,):
        raise ValueError(
            f"{nombre} debe tener forma ({N},), una clase por secuencia; se recibió forma {arr.shape}."
        )
    if arr.min() < 0 or arr.max() >= O:
        raise ValueError(
            f"{nombre} debe estar en [0, {O - 1}]; se recibió {arr.tolist()}."
        )
    return arr.astype(np.int64)


def validar_lote(X, D: int, *, dtype=None, nombre: str = "X") -> np.ndarray:
    """Valida un lote de secuencias en filas, la entrada de ``forward`` en las tres celdas.

    Parameters
    ----------
    X : array_like de forma (N, T, D)
        N secuencias de T pasos de dimensión D.
    D : int
        Dimensión de la entrada que espera la celda.
    dtype : numpy.dtype, opcional
        Tipo al que convertir ``X`` (el de los pesos de la celda).
    nombre : str
        Nombre del argumento, para los mensajes de error.

    Returns
    -------
    ndarray de forma (N, T, D)
        Finito, con N >= 1 y T >= 1.

    Examples
    --------
    >>> validar_lote(np.zeros((2, 5, 3)), 3).shape
    (2, 5, 3)
    """
    X = _v.array_finito(nombre, X, dtype=dtype)
    if X.ndim != 3 or X.shape[2] != D:
        raise ValueError(
            f"{nombre} debe ser un lote de secuencias de forma (N, T, D) = (N, T, {D}); "
            f"se recibió forma {X.shape}."
        )
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(
            f"{nombre} está vacía: se esperaba al menos una secuencia y un paso "
            f"(N >= 1, T >= 1); se recibió forma {X.shape}."
        )
    return X


def estado_inicial(nombre: str, valor, forma: tuple, dtype=None) -> np.ndarray:
    """Un estado (o gradiente) inicial: ceros si ``valor`` es ``None``; si no, validado.

    Parameters
    ----------
    nombre : str
        Nombre del argumento, para los mensajes de error.
    valor : array_like o None
    forma : tuple of int
        Forma exigida, p. ej. (N, H).
    dtype : numpy.dtype, opcional
        Tipo del resultado (``float64`` para los ceros si no se da).

    Returns
    -------
    ndarray de forma ``forma``

    Examples
    --------
    >>> estado_inicial("h0", None, (2, 3)).shape
    (2, 3)
    """
    if valor is None:
        return np.zeros(forma, np.float64 if dtype is None else dtype)
    return _v.array_finito(nombre, valor, forma=forma, dtype=dtype)


def norma_global(grads: Mapping[str, np.ndarray]) -> float:
    r"""Norma euclídea de todos los gradientes juntos, como si fueran un solo vector.

    Parameters
    ----------
    grads : dict de str a ndarray
        Gradientes por parámetro.

    Returns
    -------
    float
        :math:`\sqrt{\sum_k \lVert g_k \rVert_F^2}`.

    Examples
    --------
    >>> norma_global({"a": np.array([3.0]), "b": np.array([[4.0]])})
    5.0
    """
    if not isinstance(grads, Mapping) or not grads:
        raise TypeError(
            f"grads debe ser un dict no vacío de gradientes; se recibió {type(grads).__name__}."
        )
    return float(
        math.sqrt(
            sum(
                float(np.sum(np.asarray(g, dtype=np.float64) ** 2))
                for g in grads.values()
            )
        )
    )


# --------------------------------------------------------------------------- §1.1 la celda
class CeldaRNN:
    r"""Celda RNN de Elman implementada con NumPy (forward y backward).

    Parameters
    ----------
    input_size : int
        Dimensión D de cada entrada :math:`x_t`.
    hidden_size : int
        Dimensión H del estado oculto :math:`h_t`.
    output_size : int
        Dimensión O de cada salida :math:`y_t`.
    semilla : None, int, numpy.random.Generator o numpy.random.RandomState
        Origen de los pesos aleatorios. ``None`` (por defecto) usa el estado
        global de NumPy, como la guía (``np.random.seed(42)`` y después
        construir); un entero crea un generador propio y no toca el estado
        global.
    escala : float o None
        Desviación típica de los pesos. ``None`` (por defecto) aplica la
        inicialización de Xavier/Glorot normal de la guía.

    Attributes
    ----------
    W_xh : ndarray de forma (H, D)
        Pesos de entrada a estado oculto.
    W_hh : ndarray de forma (H, H)
        Pesos recurrentes (de :math:`h_{t-1}` a :math:`h_t`).
    b_h : ndarray
        Sesgo del estado oculto, vector columna de forma (H, 1) (ceros al
        construir).
    W_hy : ndarray de forma (O, H)
        Pesos de estado oculto a salida.
    b_y : ndarray
        Sesgo de la salida, vector columna de forma (O, 1) (ceros al
        construir).
    cache : dict
        Lo que guardó la última llamada a :meth:`forward_sequence` (``X``,
        ``H`` con :math:`h_0` incluido, ``A`` e ``Y``) para el backward.

    Notes
    -----
    En cada paso:

    .. math::

        a_t = W_{xh} x_t + W_{hh} h_{t-1} + b_h, \qquad
        h_t = \tanh(a_t), \qquad
        y_t = W_{hy} h_t + b_y

    **El contrato por lotes** (el mismo en las tres celdas) trabaja en filas y
    cubre la recurrencia, no la capa de salida:

    * :meth:`paso_forward` ``(x (N, D), h_prev (N, H)) -> (h, cache)`` y
      :meth:`paso_backward` ``(dh, cache) -> (dx, dh_prev, grads)``: las
      ecuaciones de un paso, sin validar;
    * :meth:`forward` ``(X (N, T, D), h0) -> (Hs (N, T, H), cache)`` y
      :meth:`backward` ``(dH, cache, dh_T) -> dict``: validan una vez y
      recorren los pasos (el bucle de BPTT); el dict trae ``"X"``, ``"h0"``
      y un gradiente por parámetro de :data:`NOMBRES_RECURRENCIA`.

    **La forma de la guía** trabaja en columnas (D, N) e incluye la salida
    :math:`y_t`: :meth:`forward_step`, :meth:`backward_step`,
    :meth:`forward_sequence` y :meth:`backward_sequence`. Sus pasos son
    :meth:`_paso` y :meth:`_retro_paso`, las mismas ecuaciones escritas en
    columnas (:math:`W x` en lugar de :math:`x W^\top`): las pruebas comprueban
    que ambas caras dan lo mismo. No se traspone para llamar a las de filas
    porque el libro registra valores medidos con estas (pérdidas, errores
    de gradiente y la memoria que reserva la BPTT truncada), que cambiarían
    en los últimos bits o en unos bytes.

    Xavier/Glorot normal toma cada peso de :math:`\mathcal{N}(0, \sigma^2)` con
    :math:`\sigma = \sqrt{2 / (n_\text{entrada} + n_\text{salida})}`, de modo que
    la varianza de las activaciones no crece ni se apaga al atravesar la capa.

    Examples
    --------
    >>> celda = CeldaRNN(3, 4, 2, semilla=0)
    >>> celda.W_xh.shape, celda.W_hh.shape, celda.b_h.shape, celda.W_hy.shape
    ((4, 3), (4, 4), (4, 1), (2, 4))
    >>> X = [np.ones((3, 1)) for _ in range(5)]
    >>> H, Y = celda.forward_sequence(X)
    >>> len(H), H[0].shape, Y[-1].shape
    (5, (4, 1), (2, 1))
    >>> Hs, cache = celda.forward(np.ones((1, 5, 3)))  # en filas: (N, T, D)
    >>> Hs.shape, bool(np.allclose(Hs[0, -1], H[-1][:, 0]))
    ((1, 5, 4), True)
    """

    def __init__(
        self, input_size, hidden_size, output_size, *, semilla=None, escala=None
    ):
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.output_size = _v.entero_positivo("output_size", output_size)
        D, H, O = self.input_size, self.hidden_size, self.output_size
        if escala is None:  # Xavier/Glorot normal: sqrt(2 / (fan_in + fan_out))
            s_xh, s_hh, s_hy = (
                math.sqrt(2.0 / (D + H)),
                math.sqrt(2.0 / (2 * H)),
                math.sqrt(2.0 / (H + O)),
            )
        else:
            s_xh = s_hh = s_hy = _v.real_positivo("escala", escala)
        gen = _generador(semilla)
        # Mismo orden de sorteo que la guía: W_xh, W_hh, W_hy.
        self.W_xh = gen.standard_normal((H, D)) * s_xh  # (H, D)
        self.W_hh = gen.standard_normal((H, H)) * s_hh  # (H, H)
        self.b_h = np.zeros((H, 1))  # (H, 1)
        self.W_hy = gen.standard_normal((O, H)) * s_hy  # (O, H)
        self.b_y = np.zeros((O, 1))  # (O, 1)
        self.cache: dict = {}

    # ------------------------------------------------------------------ parámetros
    def parametros(self) -> dict[str, np.ndarray]:
        """Los cinco parámetros por nombre (los mismos arrays, no copias)."""
        return {nombre: getattr(self, nombre) for nombre in NOMBRES_PARAMETROS}

    def get_param_count(self) -> int:
        r"""Número total de parámetros: :math:`HD + H^2 + H + OH + O`.

        Es el nombre de la guía, el mismo en las tres celdas.

        Examples
        --------
        >>> CeldaRNN(3, 4, 2, semilla=0).get_param_count()  # 12 + 16 + 4 + 8 + 2
        42
        """
        return int(sum(p.size for p in self.parametros().values()))

    def num_parametros(self) -> int:
        """Alias de :meth:`get_param_count` (el nombre con que empezó el libro)."""
        return self.get_param_count()

    # ------------------------------------------------- el contrato por lotes (filas)
    def paso_forward(self, x, h_prev):
        r"""Un paso de la recurrencia en filas: las ecuaciones, sin validar.

        Parameters
        ----------
        x : ndarray de forma (N, D)
            Entrada del paso.
        h_prev : ndarray de forma (N, H)
            Estado anterior :math:`h_{t-1}`.

        Returns
        -------
        h : ndarray de forma (N, H)
            :math:`h_t = \tanh(x W_{xh}^\top + h_{t-1} W_{hh}^\top + b_h^\top)`.
        cache : dict
            ``x_t``, ``h_prev`` y ``h_t``: lo que necesita :meth:`paso_backward`.
        """
        a = x @ self.W_xh.T + h_prev @ self.W_hh.T + self.b_h.T  # (N, H)
        h = np.tanh(a)  # (N, H)
        return h, {"x_t": x, "h_prev": h_prev, "h_t": h}

    def paso_backward(self, dh, cache):
        r"""Retropropaga un paso en filas, sin validar; no modifica sus entradas.

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
            ``W_xh`` (H, D), ``W_hh`` (H, H) y ``b_h`` (H, 1) de este paso.
        """
        x, h_prev, h = cache["x_t"], cache["h_prev"], cache["h_t"]
        da = dh * (1.0 - h**2)  # (N, H) a través de tanh
        dx = da @ self.W_xh  # (N, D) hacia la entrada
        dh_prev = da @ self.W_hh  # (N, H) hacia t-1
        grads = {
            "W_xh": da.T @ x,  # (H, D)
            "W_hh": da.T @ h_prev,  # (H, H)
            "b_h": da.sum(axis=0)[:, None],  # (H, 1), la forma del sesgo
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

        Notes
        -----
        :class:`RNN_BPTT` define su propio ``forward(X)``, el de la guía
        (un modelo muchos a uno completo); este sigue disponible como
        ``CeldaRNN.forward(modelo, X)``.
        """
        X = validar_lote(X, self.input_size)
        N, T, _ = X.shape
        h = estado_inicial("h0", h0, (N, self.hidden_size))
        Hs = np.empty((N, T, self.hidden_size))
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
            ``"X"`` (N, T, D), ``"h0"`` (N, H) y ``"W_xh"``, ``"W_hh"``,
            ``"b_h"`` con las formas de los parámetros. No modifica sus
            entradas.
        """
        if not isinstance(cache, list) or not cache:
            raise ValueError("cache debe ser la lista (no vacía) de forward(X).")
        N, T = cache[0]["h_t"].shape[0], len(cache)
        dH = _v.array_finito("dH", dH, forma=(N, T, self.hidden_size))
        dh = estado_inicial("dh_T", dh_T, (N, self.hidden_size))
        grads = {n: np.zeros_like(getattr(self, n)) for n in NOMBRES_RECURRENCIA}
        dX = np.empty((N, T, self.input_size))
        for t in reversed(range(T)):
            dh = dh + dH[:, t]  # la salida en t más lo que llega de t+1
            dx, dh, g = self.paso_backward(dh, cache[t])
            dX[:, t] = dx
            for nombre in grads:
                grads[nombre] += g[nombre]
        return {"X": dX, "h0": dh, **grads}

    # ---------------------------------------------- la forma de la guía (columnas)
    def _estado_inicial(self, h0, N: int) -> np.ndarray:
        if h0 is None:
            return np.zeros((self.hidden_size, N))
        return _v.array_finito("h0", h0, forma=(self.hidden_size, N))

    def _paso(self, x_t: np.ndarray, h_prev: np.ndarray):
        a_t = self.W_xh @ x_t + self.W_hh @ h_prev + self.b_h  # (H, N) pre-activación
        h_t = np.tanh(a_t)  # (H, N)
        y_t = self.W_hy @ h_t + self.b_y  # (O, N)
        return h_t, y_t, a_t

    def forward_step(self, x_t, h_prev):
        """Un paso de la celda.

        Parameters
        ----------
        x_t : ndarray de forma (D, N)
            Entrada del paso t (en la guía, N = 1: un vector columna).
        h_prev : ndarray de forma (H, N)
            Estado oculto anterior :math:`h_{t-1}`.

        Returns
        -------
        h_t : ndarray de forma (H, N)
            Nuevo estado oculto.
        y_t : ndarray de forma (O, N)
            Salida del paso.
        a_t : ndarray de forma (H, N)
            Pre-activación (lo que entra en la tangente hiperbólica).

        Raises
        ------
        ValueError
            Si una forma no coincide (por ejemplo un vector plano (D,) en lugar
            de una columna (D, 1)) o hay valores no finitos.
        """
        x_t = _v.array_finito("x_t", x_t, forma=(self.input_size, None))
        h_prev = _v.array_finito(
            "h_prev", h_prev, forma=(self.hidden_size, x_t.shape[1])
        )
        return self._paso(x_t, h_prev)

    def forward_sequence(self, X, h0=None):
        """Recorre una secuencia completa desde :math:`h_0` (ceros por defecto).

        Parameters
        ----------
        X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
            La secuencia de entradas.
        h0 : ndarray de forma (H, N), opcional
            Estado inicial; por defecto, ceros.

        Returns
        -------
        H : lista de T ndarray de forma (H, N)
            Los estados :math:`h_1, \\dots, h_T` (sin :math:`h_0`).
        Y : lista de T ndarray de forma (O, N)
            Las salidas :math:`y_1, \\dots, y_T`.
        """
        X = validar_secuencia_rnn(X, self.input_size)
        h = self._estado_inicial(h0, X[0].shape[1])
        H, Y, A = [h], [], []
        for x_t in X:
            h, y_t, a_t = self._paso(x_t, h)
            H.append(h)
            Y.append(y_t)
            A.append(a_t)
        self.cache = {"X": X, "H": H, "A": A, "Y": Y}
        return H[1:], Y

    # ------------------------------------------------------------------ backward
    def _retro_paso(self, dh_t, x_t, h_prev, h_t):
        da = dh_t * (1.0 - h_t**2)  # (H, N) a través de tanh
        grads = {
            "W_xh": da @ x_t.T,  # (H, D)
            "W_hh": da @ h_prev.T,  # (H, H)
            "b_h": da.sum(axis=1, keepdims=True),  # (H, 1)
        }
        dx = self.W_xh.T @ da  # (D, N) gradiente hacia la entrada
        dh_prev = self.W_hh.T @ da  # (H, N) gradiente hacia t-1
        return dx, dh_prev, grads

    def backward_step(self, dh_t, x_t, h_prev, h_t):
        r"""Retropropaga un paso: de :math:`\partial L/\partial h_t` a sus causas.

        Parameters
        ----------
        dh_t : ndarray de forma (H, N)
            Gradiente total que llega a :math:`h_t` (de la salida y de t+1).
        x_t : ndarray de forma (D, N)
            Entrada del paso.
        h_prev : ndarray de forma (H, N)
            Estado anterior :math:`h_{t-1}`.
        h_t : ndarray de forma (H, N)
            Estado del paso, :math:`\tanh(a_t)`.

        Returns
        -------
        dx : ndarray de forma (D, N)
            Gradiente respecto a :math:`x_t`.
        dh_prev : ndarray de forma (H, N)
            Gradiente que pasa a :math:`h_{t-1}`.
        grads : dict
            Contribución de este paso a ``W_xh``, ``W_hh`` y ``b_h``.

        Notes
        -----
        .. math::

            \delta_t = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2), \quad
            \frac{\partial L}{\partial h_{t-1}} = W_{hh}^\top \delta_t, \quad
            \frac{\partial L}{\partial W_{hh}} \mathrel{+}= \delta_t\, h_{t-1}^\top
        """
        x_t = _v.array_finito("x_t", x_t, forma=(self.input_size, None))
        N = x_t.shape[1]
        dh_t = _v.array_finito("dh_t", dh_t, forma=(self.hidden_size, N))
        h_prev = _v.array_finito("h_prev", h_prev, forma=(self.hidden_size, N))
        h_t = _v.array_finito("h_t", h_t, forma=(self.hidden_size, N))
        return self._retro_paso(dh_t, x_t, h_prev, h_t)

    def backward_sequence(self, dY, dh_T=None):
        r"""BPTT para la última secuencia de :meth:`forward_sequence`.

        Parameters
        ----------
        dY : lista de T ndarray de forma (O, N)
            Gradiente de la pérdida respecto a cada salida :math:`y_t`. En una
            tarea muchos a uno todos son cero salvo el último.
        dh_T : ndarray de forma (H, N), opcional
            Gradiente que llega a :math:`h_T` desde fuera de la secuencia.

        Returns
        -------
        grads : dict
            Gradientes con las claves y formas de los parámetros
            (``W_xh``, ``W_hh``, ``b_h``, ``W_hy``, ``b_y``).
        dX : lista de T ndarray de forma (D, N)
            Gradientes respecto a las entradas.
        dh0 : ndarray de forma (H, N)
            Gradiente respecto al estado inicial.

        Notes
        -----
        El gradiente que recibe :math:`h_t` suma el de su propia salida y el que
        vuelve desde el paso siguiente:

        .. math::

            \frac{\partial L}{\partial h_t} = W_{hy}^\top \frac{\partial L}{\partial y_t}
            + W_{hh}^\top \delta_{t+1}
        """
        if not self.cache:
            raise RuntimeError(
                "Llama primero a forward_sequence(X): no hay ninguna secuencia guardada."
            )
        X, H = self.cache["X"], self.cache["H"]
        T, N = len(X), X[0].shape[1]
        if not isinstance(dY, (list, tuple)) or len(dY) != T:
            raise ValueError(
                f"dY debe ser una lista de T = {T} arrays de forma "
                f"({self.output_size}, {N}); se recibió "
                + (
                    f"una lista de longitud {len(dY)}."
                    if isinstance(dY, (list, tuple))
                    else f"{type(dY).__name__}."
                )
            )
        dY = [
            _v.array_finito(f"dY[{t}]", d, forma=(self.output_size, N))
            for t, d in enumerate(dY)
        ]
        dh = (
            np.zeros((self.hidden_size, N))
            if dh_T is None
            else _v.array_finito("dh_T", dh_T, forma=(self.hidden_size, N))
        )
        grads = {nombre: np.zeros_like(p) for nombre, p in self.parametros().items()}
        dX = [None] * T
        for t in reversed(range(T)):
            grads["W_hy"] += dY[t] @ H[t + 1].T  # (O, H)
            grads["b_y"] += dY[t].sum(axis=1, keepdims=True)  # (O, 1)
            dh = dh + self.W_hy.T @ dY[t]  # (H, N) salida propia + lo que llega de t+1
            dX[t], dh, g = self._retro_paso(dh, X[t], H[t], H[t + 1])
            for nombre, valor in g.items():
                grads[nombre] += valor
        return grads, dX, dh


class RNN_ManyToOne(CeldaRNN):
    """Muchos a uno: lee toda la secuencia y devuelve solo la última salida.

    Es la forma de un clasificador de secuencias (por ejemplo, el sentimiento
    de una reseña). Mismos parámetros que :class:`CeldaRNN`.

    Examples
    --------
    >>> m2o = RNN_ManyToOne(3, 4, 2, semilla=0)
    >>> m2o.predict([np.ones((3, 1))] * 5).shape
    (2, 1)
    """

    def predict(self, X):
        """Devuelve :math:`y_T`, ndarray de forma (O, N)."""
        _, Y = self.forward_sequence(X)
        return Y[-1]


class RNN_ManyToMany(CeldaRNN):
    """Muchos a muchos: una salida por cada paso de la secuencia.

    Es la forma de un etiquetador (por ejemplo, una categoría gramatical por
    palabra). Mismos parámetros que :class:`CeldaRNN`.

    Examples
    --------
    >>> m2m = RNN_ManyToMany(3, 4, 2, semilla=0)
    >>> Y = m2m.predict([np.ones((3, 1))] * 5)
    >>> len(Y), Y[0].shape
    (5, (2, 1))
    """

    def predict(self, X):
        """Devuelve la lista :math:`[y_1, \\dots, y_T]` de ndarray de forma (O, N)."""
        _, Y = self.forward_sequence(X)
        return Y


# --------------------------------------------------------------------------- §1.3 BPTT
class RNN_BPTT(CeldaRNN):
    r"""RNN muchos a uno entrenada con BPTT completo, recorte de gradiente y SGD.

    Clasifica una secuencia con su último estado oculto: softmax sobre
    :math:`W_{hy} h_T + b_y` y pérdida de entropía cruzada.

    Parameters
    ----------
    input_size : int
        Dimensión D de cada entrada.
    hidden_size : int
        Dimensión H del estado oculto.
    output_size : int
        Número de clases O.
    lr : float
        Tasa de aprendizaje de SGD.
    semilla : None, int, numpy.random.Generator o numpy.random.RandomState
        Como en :class:`CeldaRNN`. Con ``None`` y ``np.random.seed(0)`` antes
        de construir se obtienen exactamente los pesos de la guía.
    escala : float
        Desviación típica de los pesos iniciales (la guía usa 0.01).
    max_norm : float o None
        Umbral del recorte por norma global que aplica :meth:`step`; ``None``
        desactiva el recorte (la norma se sigue midiendo).
    verbose : bool
        Si es verdadero, :meth:`clip_gradients` imprime una línea
        ``[Clipping] …`` cada vez que recorta, como la guía.

    Attributes
    ----------
    norma_gradiente : float o None
        Norma global del gradiente **antes** del recorte en la última llamada a
        :meth:`step` o :meth:`clip_gradients`.
    factor_recorte : float o None
        Factor aplicado en esa llamada (1.0 si no se recortó).

    Notes
    -----
    Con :math:`p = \mathrm{softmax}(W_{hy} h_T + b_y)` y clase :math:`c`, la
    pérdida es :math:`L = -\log p_c` y BPTT recorre los pasos hacia atrás:

    .. math::

        \frac{\partial L}{\partial z} = p - e_c, \qquad
        \frac{\partial L}{\partial h_T} = W_{hy}^\top (p - e_c), \qquad
        \delta_t = \frac{\partial L}{\partial h_t} \odot (1 - h_t^2), \qquad
        \frac{\partial L}{\partial h_{t-1}} = W_{hh}^\top \delta_t

    .. math::

        \frac{\partial L}{\partial W_{hh}} = \sum_{t=1}^{T} \delta_t h_{t-1}^\top, \quad
        \frac{\partial L}{\partial W_{xh}} = \sum_{t=1}^{T} \delta_t x_t^\top, \quad
        \frac{\partial L}{\partial b_h} = \sum_{t=1}^{T} \delta_t

    Con un lote de N secuencias la pérdida es la media de las N pérdidas.

    :meth:`forward` y :meth:`backward` son los de la guía, en columnas, y
    sustituyen al contrato por lotes de :class:`CeldaRNN` (que sigue
    disponible como ``CeldaRNN.forward(modelo, X)``): este es un modelo
    completo (recurrencia, salida, softmax y pérdida), no una celda. Por
    dentro no repite las ecuaciones: cada paso es :meth:`CeldaRNN._paso` y
    el retroceso de cada paso, :meth:`CeldaRNN._retro_paso`.

    Examples
    --------
    >>> modelo, X, y = problema_guia_bptt()
    >>> perdida, y_pred = modelo.step(X, y)
    >>> round(perdida, 4), y_pred.shape
    (0.6921, (2, 1))
    """

    def __init__(
        self,
        input_size,
        hidden_size,
        output_size,
        lr=0.01,
        *,
        semilla=None,
        escala=0.01,
        max_norm=5.0,
        verbose=False,
    ):
        super().__init__(
            input_size, hidden_size, output_size, semilla=semilla, escala=escala
        )
        self.lr = _v.real_positivo("lr", lr)
        self.max_norm = (
            None if max_norm is None else _v.real_positivo("max_norm", max_norm)
        )
        if not isinstance(verbose, bool):
            raise TypeError(f"verbose debe ser True o False; se recibió {verbose!r}.")
        self.verbose = verbose
        self.norma_gradiente: float | None = None
        self.factor_recorte: float | None = None

    @staticmethod
    def softmax(z):
        """Softmax por columnas, con desplazamiento por el máximo para no desbordar."""
        with np.errstate(
            invalid="ignore", over="ignore"
        ):  # pesos divergidos: nan, que step detecta
            e = np.exp(z - np.max(z, axis=0, keepdims=True))  # (O, N)
            return e / e.sum(axis=0, keepdims=True)

    def forward(self, X):
        """Forward completo muchos a uno.

        Parameters
        ----------
        X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
            La secuencia (en la guía, T vectores columna (D, 1)).

        Returns
        -------
        H : lista de T + 1 ndarray de forma (H, N)
            Estados :math:`h_0 = 0, h_1, \\dots, h_T`.
        A : lista de T ndarray de forma (H, N)
            Pre-activaciones :math:`a_1, \\dots, a_T`.
        y_pred : ndarray de forma (O, N)
            Probabilidades softmax del último paso.
        """
        return self._forward(validar_secuencia_rnn(X, self.input_size))

    def _forward(self, X: list[np.ndarray]):
        H = [np.zeros((self.hidden_size, X[0].shape[1]))]  # h_0 = 0
        A = []
        with np.errstate(invalid="ignore"):  # pesos divergidos: nan, que step detecta
            for x_t in X:
                h_t, logits, a_t = self._paso(x_t, H[-1])  # el paso de CeldaRNN
                H.append(h_t)
                A.append(a_t)
        return H, A, self.softmax(logits)  # (O, N) solo cuenta la del último paso

    def _validar_prediccion(self, y_pred) -> np.ndarray:
        y_pred = _v.array_finito("y_pred", y_pred, forma=(self.output_size, None))
        if y_pred.shape[1] == 0:
            raise ValueError(
                "y_pred no tiene columnas: se esperaba forma (O, N) con N >= 1."
            )
        return y_pred

    def loss(self, y_pred, y_true) -> float:
        r"""Entropía cruzada media :math:`-\frac{1}{N}\sum_n \log p_{c_n, n}`.

        Parameters
        ----------
        y_pred : ndarray de forma (O, N)
            Probabilidades de :meth:`forward`.
        y_true : int o ndarray de forma (N,)
            Clase correcta de cada secuencia (un entero si N = 1).

        Returns
        -------
        float
            La pérdida. Una probabilidad que se redondeó a cero cuenta como el
            menor flotante positivo (pérdida ≈ 708) en vez de infinito.
        """
        y_pred = self._validar_prediccion(y_pred)
        return self._perdida(
            y_pred, validar_clases_rnn(y_true, self.output_size, y_pred.shape[1])
        )

    @staticmethod
    def _perdida(y_pred, c) -> float:
        p = y_pred[c, np.arange(c.size)]  # (N,) probabilidad de la clase correcta
        return float(-np.mean(np.log(np.maximum(p, np.finfo(np.float64).tiny))))

    def backward(self, X, H, A, y_pred, y_true) -> dict[str, np.ndarray]:
        """BPTT completo: gradientes de la pérdida media respecto a los cinco parámetros.

        Parameters
        ----------
        X : lista de T ndarray de forma (D, N), o ndarray de forma (T, D, N)
            La misma secuencia que se pasó a :meth:`forward`.
        H : lista de T + 1 ndarray de forma (H, N)
            Estados devueltos por :meth:`forward` (con :math:`h_0`).
        A : lista de T ndarray de forma (H, N)
            Pre-activaciones devueltas por :meth:`forward` (solo se
            comprueba su longitud: la derivada de tanh se calcula con H).
        y_pred : ndarray de forma (O, N)
            Probabilidades devueltas por :meth:`forward`.
        y_true : int o ndarray de forma (N,)
            Clases correctas.

        Returns
        -------
        dict
            Gradientes con las claves y formas de los parámetros
            (``W_xh``, ``W_hh``, ``b_h``, ``W_hy``, ``b_y``). No modifica
            ninguna de sus entradas.
        """
        X = validar_secuencia_rnn(X, self.input_size)
        T, N = len(X), X[0].shape[1]
        if not isinstance(H, (list, tuple)) or len(H) != T + 1:
            raise ValueError(
                f"H debe ser la lista de T + 1 = {T + 1} estados de forward(X); se recibió "
                + (
                    f"longitud {len(H)}."
                    if isinstance(H, (list, tuple))
                    else f"{type(H).__name__}."
                )
            )
        if not isinstance(A, (list, tuple)) or len(A) != T:
            raise ValueError(
                f"A debe ser la lista de T = {T} pre-activaciones de forward(X); se recibió "
                + (
                    f"longitud {len(A)}."
                    if isinstance(A, (list, tuple))
                    else f"{type(A).__name__}."
                )
            )
        H = [
            _v.array_finito(f"H[{t}]", h, forma=(self.hidden_size, N))
            for t, h in enumerate(H)
        ]
        y_pred = _v.array_finito("y_pred", y_pred, forma=(self.output_size, N))
        return self._backward(
            X, H, y_pred, validar_clases_rnn(y_true, self.output_size, N)
        )

    def _backward(self, X, H, y_pred, c):
        T, N = len(X), X[0].shape[1]
        dlogits = y_pred.copy()  # (O, N) softmax + entropía cruzada: p - e_c
        dlogits[c, np.arange(N)] -= 1.0
        dlogits /= N  # pérdida media del lote
        grads = {
            "W_xh": np.zeros_like(self.W_xh),
            "W_hh": np.zeros_like(self.W_hh),
            "b_h": np.zeros_like(self.b_h),
            "W_hy": dlogits @ H[-1].T,  # (O, H)
            "b_y": dlogits.sum(axis=1, keepdims=True),  # (O, 1)
        }
        dh = self.W_hy.T @ dlogits  # (H, N) solo h_T alimenta la salida
        for t in reversed(range(T)):
            # el retroceso de un paso de CeldaRNN: a través de tanh, hacia t-1
            _, dh, g = self._retro_paso(dh, X[t], H[t], H[t + 1])
            for nombre, valor in g.items():  # W_xh, W_hh, b_h
                grads[nombre] += valor
        return grads

    def clip_gradients(self, grads, max_norm=5.0):
        r"""Recorte por norma global (semántica de ``torch.nn.utils.clip_grad_norm_``).

        Si :math:`\lVert g \rVert > \text{max\_norm}`, todos los gradientes se
        multiplican por el mismo factor :math:`\text{max\_norm} / \lVert g \rVert`:
        la dirección se conserva y la norma pasa a ser exactamente ``max_norm``.

        Parameters
        ----------
        grads : dict de str a ndarray
            Gradientes de :meth:`backward`. No se modifican.
        max_norm : float
            Umbral de la norma global.

        Returns
        -------
        dict
            Un dict nuevo con los gradientes (recortados si hacía falta). La
            norma previa queda en el atributo ``norma_gradiente`` y el factor
            en ``factor_recorte``.

        Raises
        ------
        FloatingPointError
            Si la norma no es finita: ningún factor conserva la dirección.
        """
        max_norm = _v.real_positivo("max_norm", max_norm)
        if not isinstance(grads, Mapping) or set(grads) != set(NOMBRES_PARAMETROS):
            raise ValueError(
                f"grads debe ser un dict con las claves {list(NOMBRES_PARAMETROS)}; "
                "se recibió "
                + (
                    f"{sorted(grads)}."
                    if isinstance(grads, Mapping)
                    else f"{type(grads).__name__}."
                )
            )
        total = norma_global(grads)
        self.norma_gradiente = total
        if not math.isfinite(total):
            raise FloatingPointError(
                f"La norma global del gradiente no es finita ({total}); no se puede "
                "recortar conservando la dirección."
            )
        factor = max_norm / total if total > max_norm else 1.0
        self.factor_recorte = factor
        if factor < 1.0 and self.verbose:
            print(f"  [Clipping] norma={total:.3f} → escalado por {factor:.4f}")
        return {
            k: np.asarray(g) * factor if factor < 1.0 else np.asarray(g)
            for k, g in grads.items()
        }

    def step(self, X, y_true):
        """Un paso de entrenamiento: forward, pérdida, BPTT, recorte y SGD.

        Returns
        -------
        loss : float
            Pérdida **antes** de actualizar los pesos.
        y_pred : ndarray de forma (O, N)
            Probabilidades antes de actualizar.
        """
        X = validar_secuencia_rnn(X, self.input_size)
        return self._step(
            X, validar_clases_rnn(y_true, self.output_size, X[0].shape[1])
        )

    def _step(self, X, c):
        H, _, y_pred = self._forward(X)
        if not np.all(np.isfinite(y_pred)):
            raise FloatingPointError(
                "La red produjo valores no finitos (NaN o infinito): los pesos ya divergieron."
            )
        perdida = self._perdida(y_pred, c)
        grads = self._backward(X, H, y_pred, c)
        if self.max_norm is not None:
            grads = self.clip_gradients(grads, self.max_norm)
        else:
            self.norma_gradiente, self.factor_recorte = norma_global(grads), 1.0
        for nombre in NOMBRES_PARAMETROS:  # SGD
            setattr(self, nombre, getattr(self, nombre) - self.lr * grads[nombre])
        return perdida, y_pred
