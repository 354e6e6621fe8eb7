r"""Ejercicio A1: BPTT truncada frente a BPTT completa, convergencia y memoria.

La BPTT **truncada** con bloques de :math:`k` pasos recorre una secuencia
larga de T pasos en trozos consecutivos. El estado :math:`h` pasa de un trozo
al siguiente (el *forward* es idéntico al de la BPTT completa), pero el
gradiente :math:`\delta h` **no** cruza el borde de un trozo: cada trozo se
deriva como si su estado inicial fuera una constante, y los pesos se
actualizan al terminar cada trozo, :math:`\lceil T/k \rceil` veces por
secuencia. La memoria del *backward* pasa de crecer con T a crecer con k, y
a cambio ninguna dependencia más larga que k pasos recibe gradiente.

El módulo tiene las dos versiones del libro:

* **NumPy**, sobre los bloques de :class:`rnnbook.CeldaRNN`
  (:meth:`~rnnbook.CeldaRNN.forward_sequence` desde un estado inicial y
  :meth:`~rnnbook.CeldaRNN.backward_sequence`, cuyo gradiente hacia
  :math:`h_0` se descarta) y el recorte y la tasa de :class:`rnnbook.RNN_BPTT`;
* **PyTorch**, con ``h.detach()`` entre trozos
  (:func:`entrenar_bptt_truncada_torch`).

La tarea que hace visible la diferencia es un **eco con retardo**
(:func:`crear_tarea_eco`): en cada paso hay que repetir el bit que entró
:math:`d` pasos antes. Letras de las formas: T (pasos), D (entrada),
H (estado oculto), O (clases), N o M (secuencias).
"""

from __future__ import annotations

import copy
import math
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from torch import nn

from . import _validacion as _v
from .benchmark import memoria_activaciones
from .comprobacion import error_relativo, gradiente_numerico
from .entorno import elegir_dispositivo, fijar_semilla
from .entrenamiento import evaluar
from .graficos import PALETA, nueva_figura
from .modelos import TIPOS_RECURRENTES, normalizar_tipo
from .rnn import NOMBRES_PARAMETROS, RNN_BPTT, CeldaRNN, _copia_torch

__all__ = [
    "IGNORAR",
    "crear_tarea_eco",
    "eco_a_torch",
    "gradiente_trozo",
    "gradientes_bptt_truncada",
    "evaluar_etiquetado",
    "entrenar_bptt_truncada",
    "EtiquetadorRecurrente",
    "perdida_etiquetado",
    "exactitud_etiquetado",
    "gradientes_truncada_torch",
    "entrenar_bptt_truncada_torch",
    "comprobar_gradientes_truncada",
    "memoria_bptt_numpy",
    "memoria_bptt_torch",
    "tabla_memoria_truncada",
    "resumen_convergencia",
    "figura_convergencia_truncada",
    "figura_memoria_truncada",
]

#: Objetivo que no cuenta en la pérdida (el mismo valor que ``ignore_index`` de PyTorch).
IGNORAR = -100

_KB = 1e3
_MB = 1e6


# --------------------------------------------------------------------------- datos
def crear_tarea_eco(n: int = 256, T: int = 200, retardo: int = 10, *, semilla: int = 0):
    r"""Eco con retardo: en cada paso, repetir el bit que entró ``retardo`` pasos antes.

    Cada secuencia son T bits al azar codificados como :math:`x_t = \pm 1`.
    El objetivo del paso t es el bit de :math:`t - d`:

    .. math:: y_t = \mathbf{1}[x_{t-d} > 0], \qquad t \ge d .

    Los d primeros pasos no tienen objetivo (valen :data:`~rnnbook.truncada.IGNORAR`). Como los
    bits son independientes, nada de lo que entra después de :math:`x_{t-d}`
    ayuda a adivinarlo: sin memoria de d pasos la mejor pérdida es
    :math:`\ln 2` (acertar la mitad).

    Parameters
    ----------
    n : int
        Número de secuencias M.
    T : int
        Pasos por secuencia (mayor que ``retardo``).
    retardo : int
        El retardo d (>= 1).
    semilla : int

    Returns
    -------
    X : ndarray de forma (T, 1, M)
        Entradas ``float64`` en {−1, +1}, en la disposición de
        :class:`rnnbook.CeldaRNN` (una columna por secuencia).
    Y : ndarray de forma (T, M)
        Clases ``int64`` en {0, 1}, o :data:`~rnnbook.truncada.IGNORAR` en los d primeros pasos.

    Examples
    --------
    >>> X, Y = crear_tarea_eco(n=2, T=6, retardo=2, semilla=0)
    >>> X.shape, Y.shape
    ((6, 1, 2), (6, 2))
    >>> bool(np.all(Y[2:] == (X[:-2, 0] > 0))), bool(np.all(Y[:2] == IGNORAR))
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    retardo = _v.entero_positivo("retardo", retardo)
    T = _v.entero_positivo("T", T, minimo=retardo + 1)
    gen = np.random.default_rng(_v.entero_positivo("semilla", semilla, minimo=0))
    bits = gen.integers(0, 2, size=(T, n))          # (T, M)
    X = (2.0 * bits - 1.0)[:, None, :]              # (T, 1, M) en {−1, +1}
    Y = np.full((T, n), IGNORAR, dtype=np.int64)    # (T, M)
    Y[retardo:] = bits[:-retardo]                   # y_t = bit de t − d
    return X, Y


def eco_a_torch(X, Y):
    """Pasa un lote de la disposición de NumPy (T, D, M) a la de PyTorch (M, T, D).

    Parameters
    ----------
    X : ndarray de forma (T, D, M)
    Y : ndarray de forma (T, M)

    Returns
    -------
    X : Tensor ``float32`` de forma (M, T, D)
    Y : Tensor ``int64`` de forma (M, T)

    Examples
    --------
    >>> Xt, Yt = eco_a_torch(*crear_tarea_eco(n=3, T=8, retardo=2))
    >>> tuple(Xt.shape), tuple(Yt.shape), Xt.dtype, Yt.dtype
    ((3, 8, 1), (3, 8), torch.float32, torch.int64)
    """
    X = _v.array_finito("X", X, ndim=3)
    Y = _objetivos("Y", Y, X.shape[0], X.shape[2], None)
    return (torch.from_numpy(np.ascontiguousarray(X.transpose(2, 0, 1), dtype=np.float32)),
            torch.from_numpy(np.ascontiguousarray(Y.T)))


def _objetivos(nombre: str, Y, T: int, M: int, O: int | None) -> np.ndarray:
    """Valida las clases por paso: enteros (T, M) en [0, O) o :data:`~rnnbook.truncada.IGNORAR`."""
    if isinstance(Y, (str, bytes)) or Y is None:
        raise TypeError(f"{nombre} debe ser un array de enteros de forma ({T}, {M}); se recibió {type(Y).__name__}.")
    Y = np.asarray(Y)
    if Y.dtype == bool or not np.issubdtype(Y.dtype, np.integer):
        raise TypeError(f"{nombre} debe contener índices de clase enteros; se recibió dtype {Y.dtype}.")
    if Y.shape != (T, M):
        raise ValueError(f"{nombre} debe tener forma (T, M) = ({T}, {M}), un objetivo por paso y secuencia; "
                         f"se recibió forma {Y.shape}.")
    validos = Y[Y != IGNORAR]
    if validos.size and (validos.min() < 0 or (O is not None and validos.max() >= O)):
        rango = f"[0, {O - 1}]" if O is not None else ">= 0"
        raise ValueError(f"{nombre} debe estar en {rango} o valer IGNORAR = {IGNORAR}; se recibió "
                         f"min {validos.min()}, max {validos.max()}.")
    return Y.astype(np.int64, copy=False)


def _validar_celda(modelo) -> None:
    if not isinstance(modelo, CeldaRNN):
        raise TypeError(f"modelo debe ser una CeldaRNN (o un RNN_BPTT); se recibió {type(modelo).__name__}.")


def _validar_avanzable(modelo) -> None:
    if not isinstance(modelo, nn.Module) or not callable(getattr(modelo, "avanzar", None)):
        raise TypeError("modelo debe ser un torch.nn.Module con avanzar(x, estado), como EtiquetadorRecurrente; "
                        f"se recibió {type(modelo).__name__}.")


def _secuencia_y_objetivos(modelo: CeldaRNN, X, Y):
    X = _v.array_finito("X", X, forma=(None, modelo.input_size, None))
    if X.shape[0] == 0 or X.shape[2] == 0:
        raise ValueError(f"X debe tener al menos un paso y una secuencia; se recibió forma {X.shape}.")
    return X, _objetivos("Y", Y, X.shape[0], X.shape[2], modelo.output_size)


def _longitud_trozo(k, T: int) -> int:
    """``k = None`` es la BPTT completa (un solo trozo de T pasos)."""
    return T if k is None else min(_v.entero_positivo("k", k), T)


# --------------------------------------------------------------------------- NumPy
def _perdida_y_dY(salidas: list[np.ndarray], Y: np.ndarray):
    """Entropía cruzada media sobre los objetivos válidos y su gradiente respecto a cada salida."""
    Z = np.stack(salidas)                                         # (T, O, N) logits
    Z = Z - Z.max(axis=1, keepdims=True)                          # desplazamiento por el máximo
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))       # (T, O, N) log-softmax
    mascara = Y != IGNORAR                                        # (T, N)
    n = int(mascara.sum())
    if n == 0:  # ningún objetivo en el trozo: pérdida indefinida, gradiente nulo
        return math.nan, [np.zeros_like(z) for z in salidas]
    c = np.where(mascara, Y, 0)[:, None, :]                       # (T, 1, N)
    perdida = -float(np.sum(np.take_along_axis(logp, c, axis=1)[:, 0, :] * mascara)) / n
    dZ = np.exp(logp)                                             # (T, O, N) softmax
    np.put_along_axis(dZ, c, np.take_along_axis(dZ, c, axis=1) - 1.0, axis=1)  # p − e_c
    dZ *= mascara[:, None, :] / n                                 # solo los objetivos válidos, media
    return perdida, list(dZ)


def gradiente_trozo(modelo: CeldaRNN, X, Y, h0=None):
    r"""Pérdida y gradiente de un trozo, con su estado inicial tratado como una constante.

    Es el paso elemental de la BPTT truncada: *forward* desde ``h0``
    (:meth:`rnnbook.CeldaRNN.forward_sequence`) y BPTT dentro del trozo
    (:meth:`rnnbook.CeldaRNN.backward_sequence`). El gradiente que esa BPTT
    devuelve para ``h0`` se **descarta**: ahí se corta la cadena. Con el
    trozo igual a la secuencia entera y ``h0 = None`` es la BPTT completa.

    Parameters
    ----------
    modelo : CeldaRNN
        Una :class:`rnnbook.CeldaRNN` o cualquier subclase (también :class:`rnnbook.RNN_BPTT`).
        Sus pesos no cambian; su ``cache`` se vacía al terminar.
    X : ndarray de forma (k, D, N)
        Entradas del trozo.
    Y : ndarray de forma (k, N)
        Clase de cada paso, o :data:`~rnnbook.truncada.IGNORAR`.
    h0 : ndarray de forma (H, N), opcional
        Estado con el que empieza el trozo (el último del trozo anterior);
        por defecto, ceros.

    Returns
    -------
    perdida : float
        Entropía cruzada media sobre los objetivos válidos del trozo (``nan``
        si no tiene ninguno; el gradiente es entonces cero).
    grads : dict
        Gradientes de esa pérdida respecto a ``W_xh``, ``W_hh``, ``b_h``,
        ``W_hy`` y ``b_y``, con sus formas.
    h_final : ndarray de forma (H, N)
        Último estado del trozo: el ``h0`` del siguiente.

    Notes
    -----
    Con :math:`\tau` el primer paso del trozo, el gradiente que llega a cada
    estado del trozo es

    .. math::

        \frac{\partial L}{\partial h_t} = W_{hy}^\top \frac{\partial L}{\partial y_t}
        + W_{hh}^\top \delta_{t+1}, \qquad
        \frac{\partial L}{\partial h_{\tau - 1}} := 0 ,

    es decir, la BPTT de siempre hasta :math:`t = \tau` y nada más allá.

    Examples
    --------
    >>> celda = CeldaRNN(1, 4, 2, semilla=0)
    >>> X, Y = crear_tarea_eco(n=3, T=10, retardo=2)
    >>> perdida, grads, h = gradiente_trozo(celda, X[:5], Y[:5])
    >>> grads["W_hh"].shape, h.shape, perdida > 0
    ((4, 4), (4, 3), True)
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    return _gradiente_trozo(modelo, X, Y, h0)


def _gradiente_trozo(modelo: CeldaRNN, X: np.ndarray, Y: np.ndarray, h0):
    H, salidas = modelo.forward_sequence(X, h0)     # H: k estados (H, N); salidas: k logits (O, N)
    perdida, dY = _perdida_y_dY(salidas, Y)
    grads, _, _ = modelo.backward_sequence(dY)      # dh que llega a h0: se descarta (truncado)
    modelo.cache = {}                               # las activaciones del trozo ya no hacen falta
    return perdida, grads, H[-1]


def gradientes_bptt_truncada(modelo: CeldaRNN, X, Y, k: int | None = 20):
    """Gradientes de cada trozo de una pasada de BPTT truncada, **sin** actualizar los pesos.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)
    k : int o None
        Pasos por trozo; ``None`` (o ``k >= T``) es la BPTT completa.

    Returns
    -------
    perdidas : list of float
        Pérdida de cada trozo.
    grads : list of dict
        Gradientes de cada trozo (:func:`gradiente_trozo`), con el estado que
        viene del trozo anterior tratado como constante.

    Examples
    --------
    >>> celda = CeldaRNN(1, 4, 2, semilla=0)
    >>> perdidas, grads = gradientes_bptt_truncada(celda, *crear_tarea_eco(n=2, T=12, retardo=2), k=5)
    >>> len(perdidas), len(grads)
    (3, 3)
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    k = _longitud_trozo(k, X.shape[0])
    perdidas, todos, h = [], [], None
    for inicio in range(0, X.shape[0], k):
        perdida, grads, h = _gradiente_trozo(modelo, X[inicio:inicio + k], Y[inicio:inicio + k], h)
        perdidas.append(perdida)
        todos.append(grads)
    return perdidas, todos


def evaluar_etiquetado(modelo: CeldaRNN, X, Y) -> dict[str, float]:
    """Pérdida y exactitud por paso de la RNN de NumPy (solo objetivos válidos).

    El *forward* de la BPTT truncada es el de siempre (el estado cruza los
    trozos), así que se evalúa recorriendo la secuencia entera de una vez.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)

    Returns
    -------
    dict
        ``perdida`` (entropía cruzada media, nats) y ``exactitud`` (en [0, 1]).

    Examples
    --------
    >>> r = evaluar_etiquetado(CeldaRNN(1, 4, 2, semilla=0), *crear_tarea_eco(n=4, T=20, retardo=3))
    >>> sorted(r), 0 <= r["exactitud"] <= 1
    (['exactitud', 'perdida'], True)
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    _, salidas = modelo.forward_sequence(X)
    modelo.cache = {}
    perdida, _ = _perdida_y_dY(salidas, Y)
    mascara = Y != IGNORAR                                     # (T, N)
    aciertos = (np.stack(salidas).argmax(axis=1) == Y) & mascara
    return {"perdida": perdida, "exactitud": float(aciertos.sum() / max(int(mascara.sum()), 1))}


def _bucle_por_lotes(n_lotes: int, tam_lote: int, T: int, k: int, entrenar_lote: Callable,
                     evaluar_ahora: Callable | None, evaluar_cada: int, sincronizar: Callable) -> pd.DataFrame:
    """El registro común de las dos versiones: una fila antes de empezar y cada ``evaluar_cada`` lotes.

    ``entrenar_lote(i)`` recorre los trozos del lote ``i`` y devuelve la
    lista de pérdidas de los trozos que actualizaron los pesos.
    """
    filas, actualizaciones, segundos, perdidas = [], 0, 0.0, []

    def anotar(lote: int):
        fila = {"lotes": lote, "secuencias": lote * tam_lote, "actualizaciones": actualizaciones,
                "segundos": segundos,
                "perdida_entrenamiento": float(np.mean(perdidas)) if perdidas else math.nan}
        if evaluar_ahora is not None:
            fila.update({f"{c}_validacion": v for c, v in evaluar_ahora().items()})
        filas.append(fila)

    anotar(0)
    for i in range(n_lotes):
        sincronizar()
        t0 = time.perf_counter()
        perdidas_lote = entrenar_lote(i)
        sincronizar()
        segundos += time.perf_counter() - t0
        actualizaciones += len(perdidas_lote)
        perdidas.extend(perdidas_lote)
        if (i + 1) % evaluar_cada == 0 or i + 1 == n_lotes:
            anotar(i + 1)
            perdidas = []
    tabla = pd.DataFrame(filas)
    tabla.attrs["k"], tabla.attrs["T"] = k, T
    return tabla


def _validar_lotes(tam_lote, evaluar_cada, M: int) -> tuple[int, int, int]:
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    evaluar_cada = _v.entero_positivo("evaluar_cada", evaluar_cada)
    return tam_lote, evaluar_cada, math.ceil(M / tam_lote)


def entrenar_bptt_truncada(modelo: RNN_BPTT, X, Y, *, k: int | None = 20, tam_lote: int = 32,
                           validacion: tuple | None = None, evaluar_cada: int = 1) -> pd.DataFrame:
    r"""Entrena la RNN de NumPy con BPTT truncada (o completa, con ``k=None``) y SGD.

    Las M secuencias se recorren una vez, en lotes consecutivos de
    ``tam_lote``. Cada lote empieza con :math:`h = 0` y se parte en trozos de
    ``k`` pasos; tras cada trozo con objetivos se recorta el gradiente por
    norma global (:meth:`rnnbook.RNN_BPTT.clip_gradients`, si el modelo
    tiene ``max_norm``) y se da un paso de SGD con ``modelo.lr``. El estado
    final de un trozo es el inicial del siguiente.

    Parameters
    ----------
    modelo : RNN_BPTT
        Se entrena en el sitio (sus pesos, ``lr`` y ``max_norm``; su salida
        :math:`W_{hy} h_t + b_y` se usa en **cada** paso).
    X : ndarray de forma (T, D, M)
    Y : ndarray de forma (T, M)
        Clase de cada paso, o :data:`~rnnbook.truncada.IGNORAR`.
    k : int o None
        Pasos por trozo; ``None`` (o ``k >= T``) es la BPTT completa.
    tam_lote : int
        Secuencias por lote (N).
    validacion : tuple (Xv, Yv), opcional
        Conjunto evaluado con :func:`evaluar_etiquetado` en cada fila.
    evaluar_cada : int
        Lotes entre dos filas del registro.

    Returns
    -------
    pandas.DataFrame
        Una fila antes de entrenar y otra cada ``evaluar_cada`` lotes:
        ``lotes``, ``secuencias`` (procesadas: la misma cantidad de cómputo
        con cualquier k), ``actualizaciones`` (pasos de SGD: unas T/k por
        lote), ``segundos`` (de reloj, solo entrenando),
        ``perdida_entrenamiento`` (media de los trozos desde la fila anterior)
        y, con validación, ``perdida_validacion`` y ``exactitud_validacion``.

    Raises
    ------
    FloatingPointError
        Si la pérdida deja de ser finita (los pesos divergieron).

    Examples
    --------
    >>> X, Y = crear_tarea_eco(n=8, T=20, retardo=2)
    >>> modelo = RNN_BPTT(1, 8, 2, lr=0.5, semilla=0, escala=None)
    >>> tabla = entrenar_bptt_truncada(modelo, X, Y, k=5, tam_lote=4)
    >>> tabla["actualizaciones"].tolist()
    [0, 4, 8]
    """
    if not isinstance(modelo, RNN_BPTT):
        raise TypeError(f"modelo debe ser un RNN_BPTT; se recibió {type(modelo).__name__}.")
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    T, M = X.shape[0], X.shape[2]
    k = _longitud_trozo(k, T)
    tam_lote, evaluar_cada, n_lotes = _validar_lotes(tam_lote, evaluar_cada, M)
    if validacion is not None:
        validacion = _secuencia_y_objetivos(modelo, *_par("validacion", validacion))

    def entrenar_lote(i: int) -> list[float]:
        columnas = slice(i * tam_lote, (i + 1) * tam_lote)
        perdidas, h = [], None
        for inicio in range(0, T, k):
            filas = slice(inicio, inicio + k)
            perdida, grads, h = _gradiente_trozo(modelo, X[filas, :, columnas], Y[filas, columnas], h)
            if math.isnan(perdida):
                continue  # trozo sin objetivos: nada que aprender
            if not math.isfinite(perdida) or not np.all(np.isfinite(h)):
                raise FloatingPointError("La pérdida dejó de ser finita: los pesos ya divergieron.")
            if modelo.max_norm is not None:
                grads = modelo.clip_gradients(grads, modelo.max_norm)
            for nombre in NOMBRES_PARAMETROS:  # SGD
                setattr(modelo, nombre, getattr(modelo, nombre) - modelo.lr * grads[nombre])
            perdidas.append(perdida)
        return perdidas

    evaluar_ahora = None if validacion is None else (lambda: evaluar_etiquetado(modelo, *validacion))
    return _bucle_por_lotes(n_lotes, tam_lote, T, k, entrenar_lote, evaluar_ahora, evaluar_cada, lambda: None)


def _par(nombre: str, datos) -> tuple:
    if not isinstance(datos, (tuple, list)) or len(datos) != 2:
        raise TypeError(f"{nombre} debe ser un par (X, Y); se recibió {type(datos).__name__}.")
    return tuple(datos)


# --------------------------------------------------------------------------- PyTorch
class EtiquetadorRecurrente(nn.Module):
    """Muchos-a-muchos: capa recurrente + capa lineal en **cada** paso.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        Capa recurrente (``nn.RNN`` con :math:`\\tanh`, ``nn.LSTM`` o ``nn.GRU``).
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado.
    num_clases : int
        Clases C de cada paso.

    Notes
    -----
    :meth:`avanzar` recibe y devuelve el estado, para seguir una secuencia
    trozo a trozo; :meth:`forward` empieza siempre desde cero y devuelve solo
    los logits, de modo que el modelo sirve tal cual a :func:`rnnbook.evaluar`.

    Examples
    --------
    >>> m = EtiquetadorRecurrente("lstm", 1, 8, 2)
    >>> logits, (h, c) = m.avanzar(torch.zeros(3, 5, 1))
    >>> tuple(logits.shape), tuple(h.shape), tuple(m(torch.zeros(3, 5, 1)).shape)
    ((3, 5, 2), (1, 3, 8), (3, 5, 2))
    """

    def __init__(self, tipo: str, input_size: int, hidden_size: int, num_clases: int):
        super().__init__()
        self.tipo = normalizar_tipo(tipo)
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_clases = _v.entero_positivo("num_clases", num_clases)
        self.rnn = TIPOS_RECURRENTES[self.tipo](input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_clases)

    def avanzar(self, x: torch.Tensor, estado=None):
        """Recorre un trozo desde ``estado``.

        Parameters
        ----------
        x : Tensor de forma (N, k, D)
        estado : Tensor (1, N, H), tupla ``(h, c)`` (LSTM) o None
            Estado con el que empieza el trozo; ``None`` es cero.

        Returns
        -------
        logits : Tensor de forma (N, k, C)
        estado : el estado final, de la misma clase que el de entrada
        """
        if not isinstance(x, torch.Tensor) or x.ndim != 3 or x.shape[-1] != self.input_size:
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(f"x debe ser un Tensor de forma (N, k, {self.input_size}); se recibió {forma}.")
        salida, estado = self.rnn(x, estado)  # (N, k, H)
        return self.fc(salida), estado         # (N, k, C)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, T, C) desde el estado cero."""
        return self.avanzar(x)[0]


def perdida_etiquetado(logits: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media por paso, sin los objetivos :data:`~rnnbook.truncada.IGNORAR`.

    Parameters
    ----------
    logits : Tensor de forma (N, T, C)
    Y : Tensor de forma (N, T)

    Examples
    --------
    >>> float(perdida_etiquetado(torch.zeros(1, 3, 2), torch.tensor([[IGNORAR, 0, 1]])))  # ln 2
    0.6931...
    """
    if logits.ndim != 3 or tuple(Y.shape) != tuple(logits.shape[:2]):
        raise ValueError(f"logits debe tener forma (N, T, C) e Y forma (N, T); se recibió "
                         f"{tuple(logits.shape)} y {tuple(Y.shape)}.")
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), Y.reshape(-1),
                                       ignore_index=IGNORAR)


def exactitud_etiquetado(logits: torch.Tensor, Y: torch.Tensor) -> float:
    """Fracción de pasos acertados, sin contar los objetivos :data:`~rnnbook.truncada.IGNORAR`.

    Examples
    --------
    >>> exactitud_etiquetado(torch.tensor([[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]]), torch.tensor([[IGNORAR, 1, 0]]))
    0.5
    """
    if logits.ndim != 3 or tuple(Y.shape) != tuple(logits.shape[:2]):
        raise ValueError(f"logits debe tener forma (N, T, C) e Y forma (N, T); se recibió "
                         f"{tuple(logits.shape)} y {tuple(Y.shape)}.")
    mascara = Y != IGNORAR
    return float(((logits.argmax(dim=-1) == Y) & mascara).sum() / mascara.sum().clamp(min=1))


def _desconectar(estado):
    """``h.detach()`` (o ``(h.detach(), c.detach())``): el mismo valor, sin historia para autograd."""
    if isinstance(estado, tuple):
        return tuple(e.detach() for e in estado)
    return estado.detach()


def _recorrer_trozos_torch(avanzar: Callable, X: torch.Tensor, Y: torch.Tensor, k: int, validos: list[bool],
                           tras_backward: Callable) -> list[torch.Tensor]:
    """Bucle de la BPTT truncada en PyTorch: *forward* de un trozo, *backward*, ``detach`` y vuelta a empezar.

    ``validos[j]`` dice si el trozo ``j`` tiene objetivos (se calcula en la
    CPU antes de llamar, para no sincronizar con la GPU en cada trozo).
    """
    perdidas, estado = [], None
    for j, inicio in enumerate(range(0, X.shape[1], k)):
        logits, estado = avanzar(X[:, inicio:inicio + k], estado)
        if validos[j]:
            perdida = perdida_etiquetado(logits, Y[:, inicio:inicio + k])
            perdida.backward()        # BPTT dentro del trozo
            tras_backward()
            perdidas.append(perdida.detach())
        estado = _desconectar(estado)  # el gradiente no cruzará este borde
    return perdidas


def _trozos_validos(Y_cpu: torch.Tensor, k: int) -> list[bool]:
    return [bool((Y_cpu[:, i:i + k] != IGNORAR).any()) for i in range(0, Y_cpu.shape[1], k)]


def gradientes_truncada_torch(modelo: CeldaRNN, X, Y, k: int | None = 20) -> list[dict[str, np.ndarray]]:
    """Los gradientes de :func:`gradientes_bptt_truncada`, calculados por autograd con ``detach``.

    Se copian los pesos de ``modelo`` en un ``nn.RNN`` y un ``nn.Linear`` en
    ``float64`` (``bias_ih = b_h``, ``bias_hh = 0``) y se recorre la secuencia
    con el mismo bucle que :func:`entrenar_bptt_truncada_torch`, leyendo el
    gradiente después del *backward* de cada trozo.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)
    k : int o None

    Returns
    -------
    list of dict
        Un dict por trozo con las claves y formas de los parámetros de ``modelo``.
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    k = _longitud_trozo(k, X.shape[0])
    rnn, salida = _copia_torch(modelo)
    Xt = torch.from_numpy(np.ascontiguousarray(X.transpose(2, 0, 1), dtype=np.float64))  # (N, T, D)
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))                                      # (N, T)

    def avanzar(x, h):
        estados, h_n = rnn(x.transpose(0, 1), h)         # nn.RNN sin batch_first: (k, N, H)
        return salida(estados).transpose(0, 1), h_n      # (N, k, O)

    capas = {"W_xh": (rnn, "weight_ih_l0"), "W_hh": (rnn, "weight_hh_l0"), "b_h": (rnn, "bias_ih_l0"),
             "W_hy": (salida, "weight"), "b_y": (salida, "bias")}
    todos: list[dict[str, np.ndarray]] = []

    def leer_y_borrar():
        g = {}
        for nombre, (capa, atributo) in capas.items():
            valor = getattr(capa, atributo).grad.numpy().copy()
            g[nombre] = valor[:, None] if valor.ndim == 1 else valor
        todos.append(g)
        rnn.zero_grad(set_to_none=True)
        salida.zero_grad(set_to_none=True)

    validos = _trozos_validos(Yt, k)
    ceros = {n: np.zeros_like(p) for n, p in modelo.parametros().items()}
    _recorrer_trozos_torch(avanzar, Xt, Yt, k, validos, leer_y_borrar)
    for j, valido in enumerate(validos):  # mismos trozos que la versión de NumPy (gradiente nulo si no hay objetivos)
        if not valido:
            todos.insert(j, dict(ceros))
    return todos


def entrenar_bptt_truncada_torch(modelo: nn.Module, X: torch.Tensor, Y: torch.Tensor, *, k: int | None = 20,
                                 tam_lote: int = 32, lr: float = 1e-2, optimizador: Callable | None = None,
                                 recorte_gradiente: float | None = 1.0, validacion: tuple | None = None,
                                 evaluar_cada: int = 1, dispositivo: str | torch.device = "auto",
                                 semilla: int = 0) -> pd.DataFrame:
    r"""BPTT truncada en PyTorch: un *backward* y un paso del optimizador por trozo, con ``h.detach()``.

    Es un bucle propio y no :func:`rnnbook.entrenar` porque el motor del
    libro hace **un** *forward*, **un** *backward* y **un** paso por lote, con
    ``modelo(x)`` desde el estado cero y lotes de **filas** barajadas. La
    BPTT truncada necesita lo contrario: cortar cada lote a lo largo del
    **tiempo**, recorrer los trozos en orden pasando el estado de uno al
    siguiente (``avanzar(x, estado)``), y hacer T/k *backward* y T/k pasos
    del optimizador por lote, desconectando el estado entre trozos. Ningún
    argumento del motor (ni ``paso_forward``) permite varias actualizaciones
    dentro de un mismo lote.

    Parameters
    ----------
    modelo : EtiquetadorRecurrente
        O cualquier módulo con ``avanzar(x, estado) -> (logits, estado)``.
    X : Tensor de forma (M, T, D)
    Y : Tensor de forma (M, T)
        Clases por paso, o :data:`~rnnbook.truncada.IGNORAR`.
    k : int o None
        Pasos por trozo; ``None`` (o ``k >= T``) es la BPTT completa.
    tam_lote : int
        Secuencias por lote; los lotes son consecutivos (sin barajar).
    lr : float
        Tasa de Adam (si no se da ``optimizador``).
    optimizador : callable, opcional
        ``optimizador(parametros) -> torch.optim.Optimizer``.
    recorte_gradiente : float o None
        Norma global máxima (``clip_grad_norm_``) en cada trozo.
    validacion : tuple (Xv, Yv), opcional
        Se evalúa con :func:`rnnbook.evaluar` (la secuencia entera desde cero).
    evaluar_cada : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    semilla : int

    Returns
    -------
    pandas.DataFrame
        Las columnas de :func:`entrenar_bptt_truncada`.

    Examples
    --------
    >>> X, Y = eco_a_torch(*crear_tarea_eco(n=8, T=20, retardo=2))
    >>> _ = fijar_semilla(0)
    >>> tabla = entrenar_bptt_truncada_torch(EtiquetadorRecurrente("RNN", 1, 8, 2), X, Y, k=5, tam_lote=4,
    ...                                      dispositivo="cpu")
    >>> tabla["actualizaciones"].tolist()
    [0, 4, 8]
    """
    _validar_avanzable(modelo)
    X, Y = _tensores("X", "Y", X, Y)
    T, M = X.shape[1], X.shape[0]
    k = _longitud_trozo(k, T)
    tam_lote, evaluar_cada, n_lotes = _validar_lotes(tam_lote, evaluar_cada, M)
    lr = _v.real_positivo("lr", lr)
    if recorte_gradiente is not None:
        recorte_gradiente = _v.real_positivo("recorte_gradiente", recorte_gradiente)
    if validacion is not None:
        validacion = _tensores("Xv", "Yv", *_par("validacion", validacion))
    dispositivo = elegir_dispositivo(dispositivo)
    fijar_semilla(_v.entero_positivo("semilla", semilla, minimo=0))
    modelo.to(dispositivo).train()
    parametros = [p for p in modelo.parameters() if p.requires_grad]
    opt = optimizador(parametros) if optimizador else torch.optim.Adam(parametros, lr=lr)
    validos = [_trozos_validos(Y[i * tam_lote:(i + 1) * tam_lote], k) for i in range(n_lotes)]
    Xd, Yd = X.to(dispositivo), Y.to(dispositivo)

    def paso():
        if recorte_gradiente is not None:
            nn.utils.clip_grad_norm_(parametros, recorte_gradiente)
        opt.step()
        opt.zero_grad(set_to_none=True)

    def entrenar_lote(i: int) -> list[float]:
        filas = slice(i * tam_lote, (i + 1) * tam_lote)
        opt.zero_grad(set_to_none=True)
        perdidas = _recorrer_trozos_torch(modelo.avanzar, Xd[filas], Yd[filas], k, validos[i], paso)
        return torch.stack(perdidas).tolist() if perdidas else []  # una sola sincronización por lote

    def evaluar_ahora():
        return evaluar(modelo, validacion, perdida=perdida_etiquetado, metricas={"exactitud": exactitud_etiquetado},
                       tam_lote=validacion[1].shape[0], dispositivo=dispositivo)

    def sincronizar():
        if dispositivo.type == "cuda":
            torch.cuda.synchronize(dispositivo)

    return _bucle_por_lotes(n_lotes, tam_lote, T, k, entrenar_lote,
                            None if validacion is None else evaluar_ahora, evaluar_cada, sincronizar)


def _tensores(nx: str, ny: str, X, Y):
    if not isinstance(X, torch.Tensor) or X.ndim != 3 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{nx} debe ser un Tensor de forma (M, T, D); se recibió {getattr(X, 'shape', type(X))}.")
    if not isinstance(Y, torch.Tensor) or tuple(Y.shape) != tuple(X.shape[:2]) or Y.dtype != torch.int64:
        raise ValueError(f"{ny} debe ser un Tensor int64 de forma {tuple(X.shape[:2])} (M, T); se recibió "
                         f"{getattr(Y, 'dtype', type(Y))} de forma {tuple(getattr(Y, 'shape', ()))}.")
    return X, Y


# --------------------------------------------------------------------------- comprobación
def comprobar_gradientes_truncada(modelo: CeldaRNN, X, Y, k: int, *, trozo: int = 1,
                                  h: float = 1e-6) -> pd.DataFrame:
    r"""Comprueba la BPTT truncada de NumPy de tres maneras independientes.

    * ``error_dif_finitas``: el gradiente del trozo número ``trozo`` contra
      diferencias finitas de **su** pérdida, con el estado que llega del
      trozo anterior fijo (calculado una vez con los pesos sin perturbar);
    * ``error_torch_truncada``: todos los trozos contra autograd con
      ``h.detach()`` (:func:`gradientes_truncada_torch`);
    * ``error_torch_completa``: con ``k = T``, contra autograd sin cortes.

    Parameters
    ----------
    modelo : CeldaRNN
        Se recomiendan pesos y sesgos no nulos y ``float64``. No se modifica.
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)
    k : int
    trozo : int
        Índice (desde 0) del trozo que se compara con diferencias finitas.
    h : float

    Returns
    -------
    pandas.DataFrame
        Una fila por parámetro; cada columna es el máximo error relativo
        elemento a elemento (:func:`rnnbook.error_relativo`).
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    T = X.shape[0]
    k = _longitud_trozo(k, T)
    n_trozos = math.ceil(T / k)
    trozo = _v.entero_positivo("trozo", trozo, minimo=0)
    if trozo >= n_trozos:
        raise ValueError(f"trozo debe estar en [0, {n_trozos - 1}] con T = {T} y k = {k}; se recibió {trozo}.")
    h = _v.real_positivo("h", h)
    _, analiticos = gradientes_bptt_truncada(modelo, X, Y, k)
    _, completos = gradientes_bptt_truncada(modelo, X, Y, None)
    torch_truncada = gradientes_truncada_torch(modelo, X, Y, k)
    torch_completa = gradientes_truncada_torch(modelo, X, Y, None)
    # Estado con el que empieza el trozo: una constante para las diferencias finitas.
    inicio = trozo * k
    h0 = modelo.forward_sequence(X[:inicio])[0][-1] if inicio > 0 else None
    modelo.cache = {}
    filas_t = slice(inicio, inicio + k)

    filas = []
    for nombre, p in modelo.parametros().items():
        numerico = gradiente_numerico(
            lambda w, n=nombre: _perdida_trozo_con(modelo, n, w, X[filas_t], Y[filas_t], h0), p, h=h)
        filas.append({
            "parámetro": nombre,
            "forma": str(p.shape),
            "error_dif_finitas": error_relativo(analiticos[trozo][nombre], numerico),
            "error_torch_truncada": max(error_relativo(a[nombre], b[nombre])
                                        for a, b in zip(analiticos, torch_truncada)),
            "error_torch_completa": error_relativo(completos[0][nombre], torch_completa[0][nombre]),
        })
    return pd.DataFrame(filas).set_index("parámetro")


def _perdida_trozo_con(modelo: CeldaRNN, nombre: str, valor: np.ndarray, X, Y, h0) -> float:
    """Pérdida de un trozo con el peso ``nombre`` cambiado por ``valor``, en una copia del modelo."""
    copia = copy.copy(modelo)  # copia superficial: el original conserva sus pesos y su caché
    setattr(copia, nombre, valor)
    _, salidas = copia.forward_sequence(X, h0)
    return _perdida_y_dY(salidas, Y)[0]


# --------------------------------------------------------------------------- memoria
def memoria_bptt_numpy(modelo: CeldaRNN, X, Y, k: int | None = 20) -> float:
    """Pico de memoria (kB) que reserva NumPy para calcular los gradientes de una pasada.

    Se mide con :mod:`tracemalloc` (NumPy le notifica cada búfer que reserva)
    desde justo antes del primer trozo hasta el final del último: las
    activaciones guardadas para el *backward* (``H``, ``A``, ``Y`` del
    trozo), los gradientes y los temporales. La entrada ``X`` ya existía y no
    cuenta.

    Parameters
    ----------
    modelo : CeldaRNN
    X : ndarray de forma (T, D, N)
    Y : ndarray de forma (T, N)
    k : int o None
        ``None`` es la BPTT completa.

    Returns
    -------
    float
        kB (:math:`10^3` bytes) por encima de lo que ya estaba reservado.

    Examples
    --------
    >>> celda = CeldaRNN(1, 16, 2, semilla=0)
    >>> X, Y = crear_tarea_eco(n=16, T=100, retardo=5)
    >>> memoria_bptt_numpy(celda, X, Y, k=10) < memoria_bptt_numpy(celda, X, Y, k=None) / 4
    True
    """
    _validar_celda(modelo)
    X, Y = _secuencia_y_objetivos(modelo, X, Y)
    k = _longitud_trozo(k, X.shape[0])
    ya_activo = tracemalloc.is_tracing()
    if not ya_activo:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        h = None
        for inicio in range(0, X.shape[0], k):
            _, grads, h = _gradiente_trozo(modelo, X[inicio:inicio + k], Y[inicio:inicio + k], h)
            del grads  # en el entrenamiento se aplicarían y se soltarían aquí
        pico = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not ya_activo:
            tracemalloc.stop()
    return pico / _KB


class _TrozoAplanado(nn.Module):
    """Un trozo desde un estado fijo, con la salida aplanada a (N·k, C) para :func:`rnnbook.memoria_activaciones`."""

    def __init__(self, modelo: nn.Module, estado):
        super().__init__()
        self.modelo, self.estado = modelo, estado

    def forward(self, x):
        logits, _ = self.modelo.avanzar(x, self.estado)
        return logits.reshape(-1, logits.shape[-1])


def memoria_bptt_torch(modelo: nn.Module, X: torch.Tensor, Y: torch.Tensor, k: int | None = 20, *,
                       dispositivo: str | torch.device = "cpu") -> dict:
    """Memoria del *backward* de PyTorch en una pasada de BPTT truncada (o completa).

    * ``activaciones_kb`` (cualquier dispositivo): el máximo, entre los
      trozos, de los bytes que autograd guarda para el *backward* de un trozo,
      medido con :func:`rnnbook.memoria_activaciones` (ganchos
      ``saved_tensors_hooks``; sin contar los parámetros). Los trozos se
      derivan uno a uno, así que el máximo es el pico.
    * ``pico_cuda_kb`` (solo CUDA; ``None`` en CPU): lo que
      ``torch.cuda.max_memory_allocated`` sube por encima de lo ya reservado
      durante la pasada completa (*forward* y *backward* de todos los trozos;
      incluye los gradientes de los parámetros y los temporales).

    Parameters
    ----------
    modelo : EtiquetadorRecurrente
        O cualquier módulo con ``avanzar(x, estado)``. Sus gradientes quedan a ``None``.
    X : Tensor de forma (N, T, D)
    Y : Tensor de forma (N, T)
    k : int o None
    dispositivo : {"cpu", "cuda", "auto"} o torch.device

    Returns
    -------
    dict
        ``activaciones_kb`` y ``pico_cuda_kb``.

    Examples
    --------
    >>> X, Y = eco_a_torch(*crear_tarea_eco(n=4, T=40, retardo=2))
    >>> m = EtiquetadorRecurrente("RNN", 1, 8, 2)
    >>> completa, truncada = memoria_bptt_torch(m, X, Y, None), memoria_bptt_torch(m, X, Y, 10)
    >>> round(completa["activaciones_kb"] / truncada["activaciones_kb"]), truncada["pico_cuda_kb"]
    (4, None)
    """
    _validar_avanzable(modelo)
    X, Y = _tensores("X", "Y", X, Y)
    k = _longitud_trozo(k, X.shape[1])
    dispositivo = elegir_dispositivo(dispositivo)
    estaba_entrenando = modelo.training
    modelo.to(dispositivo).train()  # cuDNN solo guarda lo necesario para el backward en modo train()
    try:
        return _memoria_bptt_torch(modelo, X.to(dispositivo), Y.to(dispositivo), k, dispositivo)
    finally:
        modelo.train(estaba_entrenando)


def _memoria_bptt_torch(modelo: nn.Module, X: torch.Tensor, Y: torch.Tensor, k: int, dispositivo: torch.device):
    # 1) Activaciones guardadas, trozo a trozo, desde el estado que de verdad llega a cada trozo.
    activaciones, estado = 0.0, None
    for inicio in range(0, X.shape[1], k):
        x, y = X[:, inicio:inicio + k], Y[:, inicio:inicio + k]
        activaciones = max(activaciones, memoria_activaciones(_TrozoAplanado(modelo, estado), x, y.reshape(-1)))
        with torch.no_grad():
            _, estado = modelo.avanzar(x, estado)
    # 2) Pico real del asignador de CUDA durante una pasada con backward por trozo.
    pico = None
    if dispositivo.type == "cuda":
        modelo.zero_grad(set_to_none=True)
        torch.cuda.synchronize(dispositivo)
        base = torch.cuda.memory_allocated(dispositivo)
        torch.cuda.reset_peak_memory_stats(dispositivo)
        validos = _trozos_validos(Y.cpu(), k)
        _recorrer_trozos_torch(modelo.avanzar, X, Y, k, validos, lambda: None)
        torch.cuda.synchronize(dispositivo)
        pico = (torch.cuda.max_memory_allocated(dispositivo) - base) / _KB
        modelo.zero_grad(set_to_none=True)
    return {"activaciones_kb": activaciones * _MB / _KB, "pico_cuda_kb": pico}


def tabla_memoria_truncada(pares: Sequence[tuple[int, int | None]], *, hidden_size: int = 32, tam_lote: int = 32,
                           semilla: int = 0, dispositivo: str | torch.device = "cpu") -> pd.DataFrame:
    """Memoria medida de la BPTT completa y truncada para varias parejas (T, k).

    Para cada pareja se crea un lote del eco (:func:`crear_tarea_eco`,
    retardo 1) de ``tam_lote`` secuencias de T pasos, y se mide con la RNN de
    NumPy (:func:`memoria_bptt_numpy`) y con un :class:`EtiquetadorRecurrente`
    ``"RNN"`` de PyTorch del mismo tamaño (:func:`memoria_bptt_torch`).

    Parameters
    ----------
    pares : secuencia de (T, k)
        ``k = None`` (o ``k >= T``) es la BPTT completa.
    hidden_size, tam_lote, semilla : int
    dispositivo : {"cpu", "cuda", "auto"} o torch.device
        Dónde se mide la versión de PyTorch.

    Returns
    -------
    pandas.DataFrame
        Columnas ``T``, ``k``, ``metodo`` (``"completa"`` si k = T, si no
        ``"truncada"``), ``numpy_pico_kb``, ``torch_activaciones_kb`` y
        ``torch_pico_cuda_kb`` (vacía en CPU).

    Examples
    --------
    >>> tabla = tabla_memoria_truncada([(40, 10), (40, None)], hidden_size=8, tam_lote=4)
    >>> tabla[["T", "k", "metodo"]].values.tolist()
    [[40, 10, 'truncada'], [40, 40, 'completa']]
    """
    if isinstance(pares, (str, bytes)) or not isinstance(pares, Sequence) or len(pares) == 0:
        raise TypeError(f"pares debe ser una lista no vacía de parejas (T, k); se recibió {pares!r}.")
    hidden_size = _v.entero_positivo("hidden_size", hidden_size)
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    celda = CeldaRNN(1, hidden_size, 2, semilla=semilla)
    fijar_semilla(semilla)
    red = EtiquetadorRecurrente("RNN", 1, hidden_size, 2)
    filas = []
    for par in pares:
        if not isinstance(par, (tuple, list)) or len(par) != 2:
            raise TypeError(f"cada elemento de pares debe ser una pareja (T, k); se recibió {par!r}.")
        T = _v.entero_positivo("T", par[0], minimo=2)
        k = _longitud_trozo(par[1], T)
        X, Y = crear_tarea_eco(tam_lote, T, 1, semilla=semilla)
        torch_mem = memoria_bptt_torch(red, *eco_a_torch(X, Y), k, dispositivo=dispositivo)
        filas.append({"T": T, "k": k, "metodo": "completa" if k == T else "truncada",
                      "numpy_pico_kb": memoria_bptt_numpy(celda, X, Y, k),
                      "torch_activaciones_kb": torch_mem["activaciones_kb"],
                      "torch_pico_cuda_kb": torch_mem["pico_cuda_kb"]})
    return pd.DataFrame(filas)


def resumen_convergencia(historiales: Mapping[str, pd.DataFrame], *, umbral: float = 0.1) -> pd.DataFrame:
    """Una fila por entrenamiento: dónde terminó y cuánto le costó bajar de ``umbral``.

    Parameters
    ----------
    historiales : dict de str a pandas.DataFrame
        Etiqueta → tabla de :func:`entrenar_bptt_truncada` o
        :func:`entrenar_bptt_truncada_torch` (con validación).
    umbral : float
        Pérdida de validación objetivo (nats).

    Returns
    -------
    pandas.DataFrame
        Índice: la etiqueta. Columnas ``k``, ``perdida_final``,
        ``exactitud_final``, ``actualizaciones``, ``segundos`` y, para la
        primera fila con pérdida ``<= umbral``, ``secuencias_hasta_umbral`` y
        ``actualizaciones_hasta_umbral`` (``<NA>`` si no se alcanza).

    Examples
    --------
    >>> h = pd.DataFrame({"secuencias": [0, 32, 64], "actualizaciones": [0, 10, 20], "segundos": [0, 1, 2],
    ...                   "perdida_validacion": [0.7, 0.05, 0.01], "exactitud_validacion": [0.5, 1, 1]})
    >>> fila = resumen_convergencia({"k = 20": h}).loc["k = 20"]
    >>> int(fila["secuencias_hasta_umbral"]), int(fila["actualizaciones_hasta_umbral"])
    (32, 10)
    """
    if not isinstance(historiales, Mapping) or not historiales:
        raise TypeError("historiales debe ser un dict no vacío etiqueta → DataFrame de entrenar_bptt_truncada.")
    umbral = _v.real_positivo("umbral", umbral)
    columnas = {"secuencias", "actualizaciones", "segundos", "perdida_validacion", "exactitud_validacion"}
    filas = {}
    for etiqueta, tabla in historiales.items():
        if not isinstance(tabla, pd.DataFrame) or not columnas <= set(tabla.columns):
            raise TypeError(f"historiales[{etiqueta!r}] debe ser una tabla de entrenar_bptt_truncada con validación.")
        bajo = tabla[tabla["perdida_validacion"] <= umbral]
        filas[str(etiqueta)] = {
            "k": tabla.attrs.get("k", pd.NA),
            "perdida_final": float(tabla["perdida_validacion"].iloc[-1]),
            "exactitud_final": float(tabla["exactitud_validacion"].iloc[-1]),
            "actualizaciones": int(tabla["actualizaciones"].iloc[-1]),
            "segundos": float(tabla["segundos"].iloc[-1]),
            "secuencias_hasta_umbral": int(bajo["secuencias"].iloc[0]) if len(bajo) else pd.NA,
            "actualizaciones_hasta_umbral": int(bajo["actualizaciones"].iloc[0]) if len(bajo) else pd.NA,
        }
    resumen = pd.DataFrame.from_dict(filas, orient="index")
    for columna in ("k", "secuencias_hasta_umbral", "actualizaciones_hasta_umbral"):
        resumen[columna] = resumen[columna].astype("Int64")
    resumen.index.name = "entrenamiento"
    return resumen


# --------------------------------------------------------------------------- figuras
_EJES_X = {
    "secuencias": "Secuencias procesadas (mismo cómputo con cualquier k)",
    "actualizaciones": "Actualizaciones de los pesos",
    "segundos": "Tiempo de entrenamiento (s de reloj)",
}


def figura_convergencia_truncada(historiales: Mapping[str, pd.DataFrame], *, ejes: Sequence[str] = tuple(_EJES_X),
                                 titulo: str | None = None):
    r"""Pérdida de validación frente a secuencias, actualizaciones y segundos, un panel por eje.

    Parameters
    ----------
    historiales : dict de str a pandas.DataFrame
        Etiqueta → tabla de :func:`entrenar_bptt_truncada` o
        :func:`entrenar_bptt_truncada_torch` (con validación).
    ejes : secuencia de {"secuencias", "actualizaciones", "segundos"}
        Qué poner en el eje horizontal de cada panel.
    titulo : str, opcional
        Título de la figura.

    Returns
    -------
    matplotlib.figure.Figure
        Con una línea de referencia en :math:`\ln 2`, la pérdida de quien no
        recuerda nada.
    """
    if not isinstance(historiales, Mapping) or not historiales:
        raise TypeError("historiales debe ser un dict no vacío etiqueta → DataFrame de entrenar_bptt_truncada.")
    if isinstance(ejes, str) or not isinstance(ejes, Sequence) or not ejes:
        raise TypeError(f"ejes debe ser una lista no vacía con elementos de {list(_EJES_X)}; se recibió {ejes!r}.")
    for eje in ejes:
        _v.opcion("eje", eje, tuple(_EJES_X))
    colores = [PALETA[c] for c in ("rnn", "lstm", "gru", "bilstm", "atencion")]
    fig, paneles = nueva_figura(1, len(ejes), ancho=4.2 * len(ejes) + 0.6, alto=3.8, sharey=True, squeeze=False)
    for ax, eje in zip(paneles[0], ejes):
        for i, (etiqueta, tabla) in enumerate(historiales.items()):
            if not isinstance(tabla, pd.DataFrame) or not {eje, "perdida_validacion"} <= set(tabla.columns):
                raise TypeError(f"historiales[{etiqueta!r}] debe ser una tabla de entrenar_bptt_truncada "
                                "con validación.")
            ax.plot(tabla[eje], tabla["perdida_validacion"], color=colores[i % len(colores)], lw=1.8,
                    marker="o", ms=2.5, label=str(etiqueta))
        ax.axhline(math.log(2), color=PALETA["referencia"], ls="--", lw=1, label=r"$\ln 2$ (sin memoria)")
        ax.set_xlabel(_EJES_X[eje])
        if eje == "actualizaciones":
            ax.set_xscale("symlog", linthresh=10)
            ax.set_xlabel(_EJES_X[eje] + " (escala log.)")
        ax.set_xlim(left=0)
    paneles[0][0].set_ylim(bottom=0)
    paneles[0][0].set_ylabel("Entropía cruzada de validación (nats)")
    fig.legend(*paneles[0][0].get_legend_handles_labels(), loc="outside lower center", ncol=len(historiales) + 1)
    if titulo:
        fig.suptitle(titulo)
    return fig


def figura_memoria_truncada(tabla: pd.DataFrame, *, k: int = 20, T: int = 200):
    """Memoria medida frente a T (con k fijo) y frente a k (con T fijo).

    Parameters
    ----------
    tabla : pandas.DataFrame
        Salida de :func:`tabla_memoria_truncada`.
    k : int
        Longitud de trozo de las curvas «truncada» del panel izquierdo.
    T : int
        Longitud de secuencia del panel derecho.

    Returns
    -------
    matplotlib.figure.Figure
        Ejes logarítmicos: una recta de pendiente 1 es memoria proporcional.
    """
    columnas = {"T", "k", "metodo", "numpy_pico_kb", "torch_activaciones_kb"}
    if not isinstance(tabla, pd.DataFrame) or not columnas <= set(tabla.columns):
        raise TypeError("tabla debe ser la salida de tabla_memoria_truncada.")
    k = _v.entero_positivo("k", k)
    T = _v.entero_positivo("T", T)
    import matplotlib.ticker as ticker

    medidas = {"numpy_pico_kb": ("NumPy, pico (tracemalloc)", "o", "-"),
               "torch_activaciones_kb": ("PyTorch, activaciones guardadas", "s", ":")}
    fig, (ax_t, ax_k) = nueva_figura(1, 2, ancho=11, alto=4.8)
    completa = tabla[tabla["metodo"] == "completa"].sort_values("T")
    truncada = tabla[(tabla["metodo"] == "truncada") & (tabla["k"] == k)].sort_values("T")
    por_k = tabla[tabla["T"] == T].sort_values("k")
    for columna, (nombre, marca, estilo) in medidas.items():
        ax_t.plot(completa["T"], completa[columna], color=PALETA["desvaneciente"], marker=marca, ls=estilo,
                  label=f"completa · {nombre}")
        ax_t.plot(truncada["T"], truncada[columna], color=PALETA["estable"], marker=marca, ls=estilo,
                  label=f"truncada k = {k} · {nombre}")
        ax_k.plot(por_k["k"], por_k[columna], color=PALETA["rnn"], marker=marca, ls=estilo, label=nombre)
    formato = ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")
    for ax, valores in ((ax_t, completa["T"]), (ax_k, por_k["k"])):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(list(valores))
        ax.xaxis.set_major_formatter(formato)
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(formato)
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_ylabel("Memoria del backward (kB, escala log.)")
    ax_t.set_xlabel("Longitud de la secuencia T (pasos, escala log.)")
    ax_t.set_title(f"Frente a T (k = {k})")
    ax_t.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    ax_k.set_xlabel(f"Longitud del trozo k (pasos, escala log.; k = {T} es la completa)")
    ax_k.set_title(f"Frente a k (T = {T})")
    ax_k.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return fig
