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
import tracemalloc
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from torch import nn

from .. import validacion as _v
from ..datos.eco import crear_tarea_eco, eco_a_torch
from ..desde_cero.comprobacion import error_relativo, gradiente_numerico
from ..desde_cero.rnn import CeldaRNN
from ..desde_cero.truncada import (
    IGNORAR,
    bucle_por_lotes,
    gradiente_trozo_sin_validar,
    gradientes_bptt_truncada,
    longitud_trozo,
    perdida_y_dY,
    secuencia_y_objetivos,
    validar_avanzable,
    validar_celda,
    validar_lotes,
    validar_par_xy,
)
from ..desde_cero.verificacion import copia_torch
from ..entorno import elegir_dispositivo, fijar_semilla
from ..entrenamiento import evaluar
from ..experimentos.benchmark import memoria_activaciones
from ..modelos.etiquetador import EtiquetadorRecurrente

__all__ = [
    "perdida_etiquetado",
    "exactitud_etiquetado",
    "gradientes_truncada_torch",
    "entrenar_bptt_truncada_torch",
    "comprobar_gradientes_truncada",
    "memoria_bptt_numpy",
    "memoria_bptt_torch",
    "tabla_memoria_truncada",
    "resumen_convergencia",
]

_KB = 1e3
_MB = 1e6


def perdida_etiquetado(logits: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media por paso, sin los objetivos :data:`~rnnbook.desde_cero.truncada.IGNORAR`.

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
        raise ValueError(
            f"logits debe tener forma (N, T, C) e Y forma (N, T); se recibió "
            f"{tuple(logits.shape)} y {tuple(Y.shape)}."
        )
    return nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), Y.reshape(-1), ignore_index=IGNORAR
    )


def exactitud_etiquetado(logits: torch.Tensor, Y: torch.Tensor) -> float:
    """Fracción de pasos acertados, sin contar los objetivos :data:`~rnnbook.desde_cero.truncada.IGNORAR`.

    Examples
    --------
    >>> exactitud_etiquetado(torch.tensor([[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]]), torch.tensor([[IGNORAR, 1, 0]]))
    0.5
    """
    if logits.ndim != 3 or tuple(Y.shape) != tuple(logits.shape[:2]):
        raise ValueError(
            f"logits debe tener forma (N, T, C) e Y forma (N, T); se recibió "
            f"{tuple(logits.shape)} y {tuple(Y.shape)}."
        )
    mascara = Y != IGNORAR
    return float(
        ((logits.argmax(dim=-1) == Y) & mascara).sum() / mascara.sum().clamp(min=1)
    )


def _desconectar(estado):
    """``h.detach()`` (o ``(h.detach(), c.detach())``): el mismo valor, sin historia para autograd."""
    if isinstance(estado, tuple):
        return tuple(e.detach() for e in estado)
    return estado.detach()


def _recorrer_trozos_torch(
    avanzar: Callable,
    X: torch.Tensor,
    Y: torch.Tensor,
    k: int,
    validos: list[bool],
    tras_backward: Callable,
) -> list[torch.Tensor]:
    """Bucle de la BPTT truncada en PyTorch: *forward* de un trozo, *backward*, ``detach`` y vuelta a empezar.

    ``validos[j]`` dice si el trozo ``j`` tiene objetivos (se calcula en la
    CPU antes de llamar, para no sincronizar con la GPU en cada trozo).
    """
    perdidas, estado = [], None
    for j, inicio in enumerate(range(0, X.shape[1], k)):
        logits, estado = avanzar(X[:, inicio : inicio + k], estado)
        if validos[j]:
            perdida = perdida_etiquetado(logits, Y[:, inicio : inicio + k])
            perdida.backward()  # BPTT dentro del trozo
            tras_backward()
            perdidas.append(perdida.detach())
        estado = _desconectar(estado)  # el gradiente no cruzará este borde
    return perdidas


def _trozos_validos(Y_cpu: torch.Tensor, k: int) -> list[bool]:
    return [
        bool((Y_cpu[:, i : i + k] != IGNORAR).any())
        for i in range(0, Y_cpu.shape[1], k)
    ]


def gradientes_truncada_torch(
    modelo: CeldaRNN, X, Y, k: int | None = 20
) -> list[dict[str, np.ndarray]]:
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
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    k = longitud_trozo(k, X.shape[0])
    rnn, salida = copia_torch(modelo)
    Xt = torch.from_numpy(
        np.ascontiguousarray(X.transpose(2, 0, 1), dtype=np.float64)
    )  # (N, T, D)
    Yt = torch.from_numpy(np.ascontiguousarray(Y.T))  # (N, T)

    def avanzar(x, h):
        estados, h_n = rnn(x.transpose(0, 1), h)  # nn.RNN sin batch_first: (k, N, H)
        return salida(estados).transpose(0, 1), h_n  # (N, k, O)

    capas = {
        "W_xh": (rnn, "weight_ih_l0"),
        "W_hh": (rnn, "weight_hh_l0"),
        "b_h": (rnn, "bias_ih_l0"),
        "W_hy": (salida, "weight"),
        "b_y": (salida, "bias"),
    }
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
    for j, valido in enumerate(
        validos
    ):  # mismos trozos que la versión de NumPy (gradiente nulo si no hay objetivos)
        if not valido:
            todos.insert(j, dict(ceros))
    return todos


def entrenar_bptt_truncada_torch(
    modelo: nn.Module,
    X: torch.Tensor,
    Y: torch.Tensor,
    *,
    k: int | None = 20,
    tam_lote: int = 32,
    lr: float = 1e-2,
    optimizador: Callable | None = None,
    recorte_gradiente: float | None = 1.0,
    validacion: tuple | None = None,
    evaluar_cada: int = 1,
    dispositivo: str | torch.device = "auto",
    semilla: int = 0,
) -> pd.DataFrame:
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
        Clases por paso, o :data:`~rnnbook.desde_cero.truncada.IGNORAR`.
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
    validar_avanzable(modelo)
    X, Y = _tensores("X", "Y", X, Y)
    T, M = X.shape[1], X.shape[0]
    k = longitud_trozo(k, T)
    tam_lote, evaluar_cada, n_lotes = validar_lotes(tam_lote, evaluar_cada, M)
    lr = _v.real_positivo("lr", lr)
    if recorte_gradiente is not None:
        recorte_gradiente = _v.real_positivo("recorte_gradiente", recorte_gradiente)
    if validacion is not None:
        validacion = _tensores("Xv", "Yv", *validar_par_xy("validacion", validacion))
    dispositivo = elegir_dispositivo(dispositivo)
    fijar_semilla(_v.entero_positivo("semilla", semilla, minimo=0))
    modelo.to(dispositivo).train()
    parametros = [p for p in modelo.parameters() if p.requires_grad]
    opt = (
        optimizador(parametros) if optimizador else torch.optim.Adam(parametros, lr=lr)
    )
    validos = [
        _trozos_validos(Y[i * tam_lote : (i + 1) * tam_lote], k) for i in range(n_lotes)
    ]
    Xd, Yd = X.to(dispositivo), Y.to(dispositivo)

    def paso():
        if recorte_gradiente is not None:
            nn.utils.clip_grad_norm_(parametros, recorte_gradiente)
        opt.step()
        opt.zero_grad(set_to_none=True)

    def entrenar_lote(i: int) -> list[float]:
        filas = slice(i * tam_lote, (i + 1) * tam_lote)
        opt.zero_grad(set_to_none=True)
        perdidas = _recorrer_trozos_torch(
            modelo.avanzar, Xd[filas], Yd[filas], k, validos[i], paso
        )
        return (
            torch.stack(perdidas).tolist() if perdidas else []
        )  # una sola sincronización por lote

    def evaluar_ahora():
        return evaluar(
            modelo,
            validacion,
            perdida=perdida_etiquetado,
            metricas={"exactitud": exactitud_etiquetado},
            tam_lote=validacion[1].shape[0],
            dispositivo=dispositivo,
        )

    def sincronizar():
        if dispositivo.type == "cuda":
            torch.cuda.synchronize(dispositivo)

    return bucle_por_lotes(
        n_lotes,
        tam_lote,
        T,
        k,
        entrenar_lote,
        None if validacion is None else evaluar_ahora,
        evaluar_cada,
        sincronizar,
    )


def _tensores(nx: str, ny: str, X, Y):
    if (
        not isinstance(X, torch.Tensor)
        or X.ndim != 3
        or X.shape[0] == 0
        or X.shape[1] == 0
    ):
        raise ValueError(
            f"{nx} debe ser un Tensor de forma (M, T, D); se recibió {getattr(X, 'shape', type(X))}."
        )
    if (
        not isinstance(Y, torch.Tensor)
        or tuple(Y.shape) != tuple(X.shape[:2])
        or Y.dtype != torch.int64
    ):
        raise ValueError(
            f"{ny} debe ser un Tensor int64 de forma {tuple(X.shape[:2])} (M, T); se recibió "
            f"{getattr(Y, 'dtype', type(Y))} de forma {tuple(getattr(Y, 'shape', ()))}."
        )
    return X, Y


# --------------------------------------------------------------------------- comprobación
def comprobar_gradientes_truncada(
    modelo: CeldaRNN, X, Y, k: int, *, trozo: int = 1, h: float = 1e-6
) -> pd.DataFrame:
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
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    T = X.shape[0]
    k = longitud_trozo(k, T)
    n_trozos = math.ceil(T / k)
    trozo = _v.entero_positivo("trozo", trozo, minimo=0)
    if trozo >= n_trozos:
        raise ValueError(
            f"trozo debe estar en [0, {n_trozos - 1}] con T = {T} y k = {k}; se recibió {trozo}."
        )
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
            lambda w, n=nombre: _perdida_trozo_con(
                modelo, n, w, X[filas_t], Y[filas_t], h0
            ),
            p,
            h=h,
        )
        filas.append(
            {
                "parámetro": nombre,
                "forma": str(p.shape),
                "error_dif_finitas": error_relativo(
                    analiticos[trozo][nombre], numerico
                ),
                "error_torch_truncada": max(
                    error_relativo(a[nombre], b[nombre])
                    for a, b in zip(analiticos, torch_truncada)
                ),
                "error_torch_completa": error_relativo(
                    completos[0][nombre], torch_completa[0][nombre]
                ),
            }
        )
    return pd.DataFrame(filas).set_index("parámetro")


def _perdida_trozo_con(
    modelo: CeldaRNN, nombre: str, valor: np.ndarray, X, Y, h0
) -> float:
    """Pérdida de un trozo con el peso ``nombre`` cambiado por ``valor``, en una copia del modelo."""
    copia = copy.copy(
        modelo
    )  # copia superficial: el original conserva sus pesos y su caché
    setattr(copia, nombre, valor)
    _, salidas = copia.forward_sequence(X, h0)
    return perdida_y_dY(salidas, Y)[0]


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
    validar_celda(modelo)
    X, Y = secuencia_y_objetivos(modelo, X, Y)
    k = longitud_trozo(k, X.shape[0])
    ya_activo = tracemalloc.is_tracing()
    if not ya_activo:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        h = None
        for inicio in range(0, X.shape[0], k):
            _, grads, h = gradiente_trozo_sin_validar(
                modelo, X[inicio : inicio + k], Y[inicio : inicio + k], h
            )
            del grads  # en el entrenamiento se aplicarían y se soltarían aquí
        pico = tracemalloc.get_traced_memory()[1] - base
    finally:
        if not ya_activo:
            tracemalloc.stop()
    return pico / _KB


class _TrozoAplanado(nn.Module):
    """Un trozo desde un estado fijo, con la salida aplanada a (N·k, C) para :func:`rnnbook.experimentos.memoria_activaciones`."""

    def __init__(self, modelo: nn.Module, estado):
        super().__init__()
        self.modelo, self.estado = modelo, estado

    def forward(self, x):
        logits, _ = self.modelo.avanzar(x, self.estado)
        return logits.reshape(-1, logits.shape[-1])


def memoria_bptt_torch(
    modelo: nn.Module,
    X: torch.Tensor,
    Y: torch.Tensor,
    k: int | None = 20,
    *,
    dispositivo: str | torch.device = "cpu",
) -> dict:
    """Memoria del *backward* de PyTorch en una pasada de BPTT truncada (o completa).

    * ``activaciones_kb`` (cualquier dispositivo): el máximo, entre los
      trozos, de los bytes que autograd guarda para el *backward* de un trozo,
      medido con :func:`rnnbook.experimentos.memoria_activaciones` (ganchos
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
    validar_avanzable(modelo)
    X, Y = _tensores("X", "Y", X, Y)
    k = longitud_trozo(k, X.shape[1])
    dispositivo = elegir_dispositivo(dispositivo)
    estaba_entrenando = modelo.training
    modelo.to(
        dispositivo
    ).train()  # cuDNN solo guarda lo necesario para el backward en modo train()
    try:
        return _memoria_bptt_torch(
            modelo, X.to(dispositivo), Y.to(dispositivo), k, dispositivo
        )
    finally:
        modelo.train(estaba_entrenando)


def _memoria_bptt_torch(
    modelo: nn.Module,
    X: torch.Tensor,
    Y: torch.Tensor,
    k: int,
    dispositivo: torch.device,
):
    # 1) Activaciones guardadas, trozo a trozo, desde el estado que de verdad llega a cada trozo.
    activaciones, estado = 0.0, None
    for inicio in range(0, X.shape[1], k):
        x, y = X[:, inicio : inicio + k], Y[:, inicio : inicio + k]
        activaciones = max(
            activaciones,
            memoria_activaciones(_TrozoAplanado(modelo, estado), x, y.reshape(-1)),
        )
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


def tabla_memoria_truncada(
    pares: Sequence[tuple[int, int | None]],
    *,
    hidden_size: int = 32,
    tam_lote: int = 32,
    semilla: int = 0,
    dispositivo: str | torch.device = "cpu",
) -> pd.DataFrame:
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
    if (
        isinstance(pares, (str, bytes))
        or not isinstance(pares, Sequence)
        or len(pares) == 0
    ):
        raise TypeError(
            f"pares debe ser una lista no vacía de parejas (T, k); se recibió {pares!r}."
        )
    hidden_size = _v.entero_positivo("hidden_size", hidden_size)
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    celda = CeldaRNN(1, hidden_size, 2, semilla=semilla)
    fijar_semilla(semilla)
    red = EtiquetadorRecurrente("RNN", 1, hidden_size, 2)
    filas = []
    for par in pares:
        if not isinstance(par, (tuple, list)) or len(par) != 2:
            raise TypeError(
                f"cada elemento de pares debe ser una pareja (T, k); se recibió {par!r}."
            )
        T = _v.entero_positivo("T", par[0], minimo=2)
        k = longitud_trozo(par[1], T)
        X, Y = crear_tarea_eco(tam_lote, T, 1, semilla=semilla)
        torch_mem = memoria_bptt_torch(
            red, *eco_a_torch(X, Y), k, dispositivo=dispositivo
        )
        filas.append(
            {
                "T": T,
                "k": k,
                "metodo": "completa" if k == T else "truncada",
                "numpy_pico_kb": memoria_bptt_numpy(celda, X, Y, k),
                "torch_activaciones_kb": torch_mem["activaciones_kb"],
                "torch_pico_cuda_kb": torch_mem["pico_cuda_kb"],
            }
        )
    return pd.DataFrame(filas)


def resumen_convergencia(
    historiales: Mapping[str, pd.DataFrame], *, umbral: float = 0.1
) -> pd.DataFrame:
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
        raise TypeError(
            "historiales debe ser un dict no vacío etiqueta → DataFrame de entrenar_bptt_truncada."
        )
    umbral = _v.real_positivo("umbral", umbral)
    columnas = {
        "secuencias",
        "actualizaciones",
        "segundos",
        "perdida_validacion",
        "exactitud_validacion",
    }
    filas = {}
    for etiqueta, tabla in historiales.items():
        if not isinstance(tabla, pd.DataFrame) or not columnas <= set(tabla.columns):
            raise TypeError(
                f"historiales[{etiqueta!r}] debe ser una tabla de entrenar_bptt_truncada con validación."
            )
        bajo = tabla[tabla["perdida_validacion"] <= umbral]
        filas[str(etiqueta)] = {
            "k": tabla.attrs.get("k", pd.NA),
            "perdida_final": float(tabla["perdida_validacion"].iloc[-1]),
            "exactitud_final": float(tabla["exactitud_validacion"].iloc[-1]),
            "actualizaciones": int(tabla["actualizaciones"].iloc[-1]),
            "segundos": float(tabla["segundos"].iloc[-1]),
            "secuencias_hasta_umbral": int(bajo["secuencias"].iloc[0])
            if len(bajo)
            else pd.NA,
            "actualizaciones_hasta_umbral": int(bajo["actualizaciones"].iloc[0])
            if len(bajo)
            else pd.NA,
        }
    resumen = pd.DataFrame.from_dict(filas, orient="index")
    for columna in ("k", "secuencias_hasta_umbral", "actualizaciones_hasta_umbral"):
        resumen[columna] = resumen[columna].astype("Int64")
    resumen.index.name = "entrenamiento"
    return resumen
