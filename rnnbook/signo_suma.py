r"""Ejercicio B2: clasificar secuencias por el signo de su suma.

La clase de una secuencia :math:`x_1, \dots, x_T` es 1 si
:math:`S = \sum_t x_t > 0`. La etiqueta es un umbral sobre **un solo
número**, así que un modelo que recibe :math:`S` ya calculada la acierta
siempre (:class:`ClasificadorSuma`). Una red recurrente recibe los
:math:`x_t` de uno en uno: para acertar tiene que **aprender a integrar**,
es decir, llevar la suma parcial :math:`S_t = \sum_{k \le t} x_k` en su
estado, y al final aplicar el umbral. Este módulo reúne las piezas para
comprobarlo:

* los datos (:func:`crear_tarea_signo_suma`, :func:`datos_signo_suma`) y el
  protocolo de entrenamiento común (:func:`entrenar_clasificador_signo`, que
  llama a :func:`~rnnbook.entrenar`);
* dónde se equivoca una red: :func:`exactitud_por_magnitud` agrupa los
  aciertos según :math:`|S|`;
* qué guarda su estado: :func:`estados_recurrentes` y una sonda lineal
  (:class:`SondaLineal`, :func:`sonda_suma_parcial`) que intenta leer
  :math:`S_t` a partir de :math:`h_t` o de :math:`C_t`;
* cuánto pesa cada paso en la decisión: :func:`pesos_por_paso` (para la
  regla exacta, todos lo mismo);
* secuencias más largas y una RNN simple: :func:`comparar_longitudes_signo`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from . import _validacion as _v
from .entorno import elegir_dispositivo, fijar_semilla
from .entrenamiento import Historial, entrenar, evaluar, exactitud
from .graficos import PALETA, nueva_figura
from .lstm import CeldaLSTM
from .modelos import ClasificadorSecuencias, normalizar_tipo

__all__ = [
    "crear_tarea_signo_suma",
    "datos_signo_suma",
    "ClasificadorSuma",
    "entrenar_clasificador_signo",
    "exactitud_mayoritaria",
    "exactitud_por_magnitud",
    "estados_recurrentes",
    "SondaLineal",
    "ResultadoSonda",
    "sonda_suma_parcial",
    "pesos_por_paso",
    "ResultadoLongitudes",
    "comparar_longitudes_signo",
    "figura_signo_suma",
    "figura_sonda_suma",
    "figura_pesos_por_paso",
]

#: Bordes por defecto de los intervalos de :math:`|S|` en :func:`exactitud_por_magnitud`.
BORDES_MAGNITUD = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, math.inf)


# ----------------------------------------------------------------------- los datos
def crear_tarea_signo_suma(n: int, seq_len: int, *, semilla: int = 0,
                           desviacion: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    r"""Secuencias gaussianas y la clase «¿es positiva su suma?».

    Cada paso es :math:`x_t \sim \mathcal N(0, \sigma^2)`, independiente de
    los demás; la clase es :math:`y = \mathbb 1[S > 0]` con
    :math:`S = \sum_{t=1}^{T} x_t`. Por simetría las dos clases son
    equiprobables, y :math:`S \sim \mathcal N(0, T\sigma^2)`.

    Parameters
    ----------
    n : int
        Número de secuencias N.
    seq_len : int
        Longitud T de cada secuencia.
    semilla : int
        Semilla del generador de NumPy (la tarea es reproducible).
    desviacion : float
        Desviación típica :math:`\sigma` de cada paso (> 0).

    Returns
    -------
    X : ndarray de forma (N, T, 1), float32
        Secuencias.
    y : ndarray de forma (N,), int64
        Clases: 1 si la suma es positiva, 0 si no.

    Raises
    ------
    TypeError
        Si ``n``, ``seq_len`` o ``semilla`` no son enteros, o ``desviacion`` no es real.
    ValueError
        Si algún valor está fuera de rango.

    Notes
    -----
    La suma que decide la clase se calcula en ``float64`` a partir de los
    valores **ya redondeados** a ``float32``: la etiqueta es exactamente la de
    los datos que recibe el modelo.

    Examples
    --------
    >>> X, y = crear_tarea_signo_suma(5, 4, semilla=1)
    >>> X.shape, X.dtype, y.shape, y.dtype
    ((5, 4, 1), dtype('float32'), (5,), dtype('int64'))
    >>> bool(np.all(y == (X.astype(np.float64).sum(axis=(1, 2)) > 0)))
    True
    """
    n = _v.entero_positivo("n", n)
    seq_len = _v.entero_positivo("seq_len", seq_len)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    desviacion = _v.real_positivo("desviacion", desviacion)
    rng = np.random.default_rng(semilla)
    X = (desviacion * rng.standard_normal((n, seq_len, 1))).astype(np.float32)  # (N, T, 1)
    S = X.astype(np.float64).sum(axis=(1, 2))  # (N,) la suma de lo que verá el modelo
    return X, (S > 0).astype(np.int64)


def datos_signo_suma(seq_len: int = 20, *, n_entrenamiento: int = 2000, n_validacion: int = 500,
                     n_prueba: int = 4000, semilla: int = 0, desviacion: float = 1.0):
    """Conjuntos de entrenamiento, validación y prueba de :func:`crear_tarea_signo_suma`.

    Cada conjunto se genera con su propia semilla, derivada de ``semilla``
    con :class:`numpy.random.SeedSequence`: los tres son independientes entre
    sí y también de los de cualquier otra ``semilla``.

    Parameters
    ----------
    seq_len : int
        Longitud T.
    n_entrenamiento, n_validacion, n_prueba : int
        Tamaño de cada conjunto.
    semilla : int
        Semilla base.
    desviacion : float
        Desviación típica de cada paso.

    Returns
    -------
    tuple of 3 tuples (X, y)
        ``(X_ent, y_ent), (X_val, y_val), (X_prueba, y_prueba)``, con ``X`` de
        forma (N, T, 1) en ``float32`` e ``y`` de forma (N,) en ``int64``.

    Examples
    --------
    >>> ent, val, prueba = datos_signo_suma(6, n_entrenamiento=8, n_validacion=4, n_prueba=4)
    >>> ent[0].shape, val[0].shape, prueba[1].shape
    ((8, 6, 1), (4, 6, 1), (4,))
    >>> bool(np.array_equal(val[0], prueba[0]))
    False
    """
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    tamanos = {"n_entrenamiento": n_entrenamiento, "n_validacion": n_validacion, "n_prueba": n_prueba}
    tamanos = {k: _v.entero_positivo(k, v) for k, v in tamanos.items()}
    semillas = np.random.SeedSequence(semilla).generate_state(3)  # tres semillas de 32 bits
    return tuple(crear_tarea_signo_suma(n, seq_len, semilla=int(s), desviacion=desviacion)
                 for n, s in zip(tamanos.values(), semillas))


# ----------------------------------------------------------------------- modelos
class ClasificadorSuma(nn.Module):
    r"""Regresión logística sobre la suma temporal: un modelo que ya sabe integrar.

    No tiene memoria que aprender: calcula :math:`S = \sum_t x_t` (la suma
    está escrita en el código) y aplica una capa lineal,
    :math:`\text{logits} = W S + b`. Es la referencia de lo que una red
    recurrente podría conseguir si integrara sin error.

    Parameters
    ----------
    input_size : int
        Dimensión D de cada paso.
    num_clases : int
        Número C de clases.

    Examples
    --------
    >>> m = ClasificadorSuma()
    >>> sum(p.numel() for p in m.parameters())
    4
    >>> m(torch.zeros(3, 7, 1)).shape
    torch.Size([3, 2])
    """

    def __init__(self, input_size: int = 1, num_clases: int = 2):
        super().__init__()
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.num_clases = _v.entero_positivo("num_clases", num_clases)
        self.fc = nn.Linear(self.input_size, self.num_clases)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para una entrada de forma (N, T, D): la suma sobre T, luego la capa lineal."""
        if x.ndim != 3 or x.shape[2] != self.input_size:
            raise ValueError(f"ClasificadorSuma espera secuencias de forma (N, T, {self.input_size}); "
                             f"se recibió {tuple(x.shape)}.")
        suma = x.sum(dim=1)  # (N, D): S = Σ_t x_t
        return self.fc(suma)  # (N, C)


def _tensores(nombre: str, par) -> tuple[torch.Tensor, torch.Tensor]:
    """``(X, y)`` de NumPy o de PyTorch → par de tensores (``float32``, ``int64``)."""
    if not isinstance(par, (tuple, list)) or len(par) != 2:
        raise TypeError(f"{nombre} debe ser un par (X, y); se recibió {type(par).__name__}.")
    X, y = (t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t for t in par)
    X = _v.array_finito(f"{nombre}[0]", X, ndim=3, dtype=np.float32)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{nombre}[1] debe ser un array de enteros de forma ({X.shape[0]},); "
                         f"se recibió forma {y.shape} y dtype {y.dtype}.")
    return torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(y.astype(np.int64))


def entrenar_clasificador_signo(modelo: nn.Module, entrenamiento, validacion, *, epocas: int = 15,
                                tam_lote: int = 128, lr: float = 1e-2, recorte_gradiente: float = 1.0,
                                semilla: int = 0, dispositivo: str | torch.device = "auto") -> Historial:
    """Entrena un clasificador de esta tarea con el protocolo común del ejemplo.

    Llama a :func:`~rnnbook.entrenar` con entropía cruzada, Adam con tasa
    inicial ``lr`` que decae hasta cero con un coseno a lo largo de las
    ``epocas`` (``CosineAnnealingLR``), recorte del gradiente por norma
    global y la exactitud de validación en el historial. Al terminar quedan
    los pesos de la época con menor pérdida de validación. Todos los modelos
    del ejemplo (recurrentes o no) pasan por aquí, para que las
    comparaciones sean con el mismo presupuesto.

    Parameters
    ----------
    modelo : torch.nn.Module
        Recibe un tensor (N, T, 1) y devuelve logits (N, 2).
    entrenamiento, validacion : tuple (X, y)
        Arrays de NumPy o tensores, ``X`` de forma (N, T, 1) e ``y`` de forma (N,).
    epocas : int
    tam_lote : int
    lr : float
        Tasa inicial de Adam.
    recorte_gradiente : float
        Norma global máxima del gradiente.
    semilla : int
        Semilla del barajado (los pesos iniciales los fija quien crea el modelo).
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    Historial
        El de :func:`~rnnbook.entrenar`.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> ent, val, _ = datos_signo_suma(5, n_entrenamiento=64, n_validacion=32, n_prueba=1)
    >>> h = entrenar_clasificador_signo(ClasificadorSuma(), ent, val, epocas=2, dispositivo="cpu")
    >>> list(h.como_tabla().columns)[:2]
    ['perdida_entrenamiento', 'perdida_validacion']
    """
    epocas = _v.entero_positivo("epocas", epocas)
    return entrenar(
        modelo, _tensores("entrenamiento", entrenamiento), _tensores("validacion", validacion),
        perdida=nn.CrossEntropyLoss(), epocas=epocas, tam_lote=tam_lote, lr=lr,
        recorte_gradiente=recorte_gradiente,
        planificador=lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epocas),
        metricas={"exactitud": exactitud}, semilla=semilla, dispositivo=dispositivo, progreso=False,
    )


# ------------------------------------------------------------------ evaluación
def _etiquetas(nombre: str, y) -> np.ndarray:
    y = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else np.asarray(y)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"{nombre} debe ser un array no vacío de enteros de forma (N,); "
                         f"se recibió forma {y.shape} y dtype {y.dtype}.")
    return y


def exactitud_mayoritaria(y_entrenamiento, y_prueba) -> float:
    """Exactitud en prueba de predecir siempre la clase más frecuente en entrenamiento.

    Es la línea base que cualquier modelo tiene que superar. La clase se
    elige **en entrenamiento**: mirar la de prueba sería hacer trampa.

    Parameters
    ----------
    y_entrenamiento : array de enteros de forma (N,)
    y_prueba : array de enteros de forma (M,)

    Returns
    -------
    float
        Valor en [0, 1].

    Examples
    --------
    >>> exactitud_mayoritaria([1, 1, 0], [1, 0, 0, 0])
    0.25
    """
    y_ent = _etiquetas("y_entrenamiento", y_entrenamiento)
    y_pru = _etiquetas("y_prueba", y_prueba)
    if y_ent.min() < 0:
        raise ValueError("y_entrenamiento no puede contener clases negativas.")
    mayoritaria = int(np.bincount(y_ent).argmax())  # en empate, la menor
    return float(np.mean(y_pru == mayoritaria))


def _intervalo(a: float, b: float) -> str:
    return f"[{a:g}, {b:g})" if math.isfinite(b) else f"≥ {a:g}"


def exactitud_por_magnitud(suma, y, predicciones: Mapping[str, object], bordes=BORDES_MAGNITUD):
    r"""Exactitud de cada modelo por intervalos de :math:`|S|`.

    Un ejemplo con :math:`|S|` grande es fácil: cualquier error moderado al
    integrar conserva el signo. Los de :math:`|S|` cercano a cero son los
    que distinguen un integrador preciso de uno aproximado.

    Parameters
    ----------
    suma : array de forma (N,)
        Suma :math:`S` de cada secuencia.
    y : array de enteros de forma (N,)
        Clases verdaderas.
    predicciones : dict nombre → array de enteros de forma (N,)
        Clase predicha por cada modelo.
    bordes : sequence of float
        Bordes crecientes de los intervalos de :math:`|S|`, empezando en 0; el
        último puede ser ``math.inf``. Los intervalos son ``[a, b)``.

    Returns
    -------
    pandas.DataFrame
        Una fila por intervalo: ``"ejemplos"`` y una columna ``"<nombre> (%)"``
        por modelo (``NaN`` si el intervalo está vacío).

    Examples
    --------
    >>> t = exactitud_por_magnitud([0.1, -0.3, 2.0], [1, 0, 1], {"m": [0, 0, 1]}, bordes=(0, 0.5, 5))
    >>> t["ejemplos"].tolist(), t["m (%)"].tolist()
    ([2, 1], [50.0, 100.0])
    """
    import pandas as pd

    suma = _v.array_finito("suma", suma, ndim=1, dtype=np.float64)
    y = _etiquetas("y", y)
    if y.shape != suma.shape:
        raise ValueError(f"y debe tener forma {suma.shape}, como suma; se recibió {y.shape}.")
    if not isinstance(predicciones, Mapping) or not predicciones:
        raise TypeError("predicciones debe ser un dict no vacío nombre → clases predichas.")
    aciertos = {}
    for nombre, pred in predicciones.items():
        pred = _etiquetas(f"predicciones[{nombre!r}]", pred)
        if pred.shape != y.shape:
            raise ValueError(f"predicciones[{nombre!r}] debe tener forma {y.shape}; se recibió {pred.shape}.")
        aciertos[nombre] = pred == y
    bordes = np.asarray(bordes, dtype=np.float64)
    if bordes.ndim != 1 or bordes.size < 2 or bordes[0] != 0 or np.any(np.diff(bordes) <= 0) \
            or np.any(np.isnan(bordes)):
        raise ValueError(f"bordes debe ser una secuencia creciente de al menos dos valores que empiece en 0; "
                         f"se recibió {bordes.tolist()}.")
    magnitud = np.abs(suma)
    filas, indice = [], []
    for a, b in zip(bordes[:-1], bordes[1:]):
        dentro = (magnitud >= a) & (magnitud < b)
        fila = {"ejemplos": int(dentro.sum())}
        for nombre, ok in aciertos.items():
            fila[f"{nombre} (%)"] = 100 * float(ok[dentro].mean()) if dentro.any() else float("nan")
        filas.append(fila)
        indice.append(_intervalo(a, b))
    return pd.DataFrame(filas, index=pd.Index(indice, name="|S|"))


# ------------------------------------------------------------------ la sonda
def estados_recurrentes(modelo: ClasificadorSecuencias, X) -> dict[str, np.ndarray]:
    r"""Estados :math:`h_t` (y :math:`C_t` si es una LSTM) en cada paso.

    Para una LSTM se copian sus pesos en la celda de NumPy de la Parte 2
    (:meth:`rnnbook.CeldaLSTM.desde_torch`), cuyo *forward* devuelve también
    el estado de celda de cada paso, que ``nn.LSTM`` no expone. Para una RNN o
    una GRU, :math:`h_t` es la salida de la capa de PyTorch.

    Parameters
    ----------
    modelo : ClasificadorSecuencias
        De una sola capa recurrente.
    X : ndarray o Tensor de forma (N, T, D)

    Returns
    -------
    dict
        ``"h"``: ndarray de forma (N, T, H); ``"c"`` (solo LSTM): ndarray de forma
        (N, T, H). En ``float32``, la precisión del modelo.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> m = ClasificadorSecuencias("LSTM", 1, 4, 2)
    >>> X, _ = crear_tarea_signo_suma(3, 5)
    >>> {k: v.shape for k, v in estados_recurrentes(m, X).items()}
    {'h': (3, 5, 4), 'c': (3, 5, 4)}
    """
    if not isinstance(modelo, ClasificadorSecuencias):
        raise TypeError(f"modelo debe ser un ClasificadorSecuencias; se recibió {type(modelo).__name__}.")
    if modelo.num_layers != 1:
        raise ValueError(f"modelo debe tener una sola capa recurrente; tiene {modelo.num_layers}.")
    X = X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X
    X = _v.array_finito("X", X, forma=(None, None, modelo.input_size), dtype=np.float32)
    if modelo.tipo == "LSTM":
        celda = CeldaLSTM.desde_torch(modelo.rnn, dtype=np.float32)  # mismos pesos
        H_seq, cache = celda.forward(X)  # (N, T, H)
        C_seq = cache["Cs"][1:].transpose(1, 0, 2)  # (T + 1, N, H) → (N, T, H), sin C_0
        return {"h": np.ascontiguousarray(H_seq), "c": np.ascontiguousarray(C_seq)}
    param = next(modelo.rnn.parameters())
    with torch.no_grad():
        salida, _ = modelo.rnn(torch.as_tensor(X, dtype=param.dtype, device=param.device))  # (N, T, H)
    return {"h": salida.cpu().float().numpy()}


class SondaLineal:
    r"""Regresión lineal con intercepto y una pequeña penalización *ridge*.

    Una sonda responde a «¿está esta magnitud **linealmente** disponible en
    el estado?»: si una combinación lineal :math:`\hat s = w^\top z + b` de
    las componentes del estado reproduce la magnitud en datos nuevos, la red
    la guarda de forma legible para una capa lineal, como la de salida.

    Parameters
    ----------
    ridge : float
        Penalización :math:`\lambda \ge 0`: se minimiza
        :math:`\frac1M\sum_m (s_m - w^\top z_m - b)^2 + \lambda \sum_j \sigma_j^2 w_j^2`,
        con :math:`\sigma_j` la desviación típica de la componente :math:`j`
        de :math:`z`; es decir, la penalización *ridge* usual sobre las
        componentes estandarizadas, que no depende de la escala del estado.
        El intercepto no se penaliza.

    Attributes
    ----------
    w : ndarray de forma (H,)
    b : float

    Examples
    --------
    >>> Z = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 0.5]])
    >>> s = 3 * Z[:, 0] - Z[:, 1] + 0.5
    >>> sonda = SondaLineal(ridge=0.0).ajustar(Z, s)
    >>> np.round(sonda.w, 6).tolist(), round(sonda.b, 6), round(sonda.r2(Z, s), 6)
    ([3.0, -1.0], 0.5, 1.0)
    """

    def __init__(self, ridge: float = 1e-4):
        self.ridge = _v.real_positivo("ridge", ridge, permitir_cero=True)
        self.w: np.ndarray | None = None
        self.b: float | None = None

    def _datos(self, Z, s=None):
        Z = _v.array_finito("Z", Z, ndim=2, dtype=np.float64)
        if self.w is not None and Z.shape[1] != self.w.shape[0]:
            raise ValueError(f"Z debe tener {self.w.shape[0]} columnas, como al ajustar; se recibió forma {Z.shape}.")
        if s is None:
            return Z
        s = _v.array_finito("s", s, forma=(Z.shape[0],), dtype=np.float64)
        return Z, s

    def ajustar(self, Z, s) -> "SondaLineal":
        """Ajusta la sonda a ``Z`` (M, H) y ``s`` (M,); devuelve ``self``."""
        self.w = None
        Z, s = self._datos(Z, s)
        if Z.shape[0] < 2:
            raise ValueError(f"Hacen falta al menos 2 ejemplos para ajustar la sonda; se recibieron {Z.shape[0]}.")
        z_media, s_media = Z.mean(axis=0), s.mean()  # (H,), escalar
        escala = Z.std(axis=0)  # (H,) la penalización actúa sobre componentes estandarizadas
        escala[escala == 0] = 1.0
        Zs = (Z - z_media) / escala  # (M, H) centrado: el intercepto queda fuera de la penalización
        A = Zs.T @ Zs / Z.shape[0] + self.ridge * np.eye(Z.shape[1])  # (H, H)
        self.w = np.linalg.lstsq(A, Zs.T @ (s - s_media) / Z.shape[0], rcond=None)[0] / escala  # (H,)
        self.b = float(s_media - z_media @ self.w)
        return self

    def predecir(self, Z) -> np.ndarray:
        r"""Predicción :math:`\hat s` de forma (M,) para ``Z`` de forma (M, H)."""
        if self.w is None:
            raise ValueError("La sonda no está ajustada: llama antes a ajustar(Z, s).")
        return self._datos(Z) @ self.w + self.b

    def r2(self, Z, s) -> float:
        r"""Coeficiente de determinación :math:`R^2 = 1 - \sum (s - \hat s)^2 / \sum (s - \bar s)^2`."""
        Z, s = self._datos(Z, s)
        return float(_r2(s, self.predecir(Z)))


def _r2(s: np.ndarray, s_hat: np.ndarray, axis=None):
    residuo = ((s - s_hat) ** 2).sum(axis=axis)
    total = ((s - s.mean(axis=axis, keepdims=axis is not None)) ** 2).sum(axis=axis)
    return 1.0 - residuo / total


@dataclass
class ResultadoSonda:
    r"""Resultado de :func:`sonda_suma_parcial` (todo medido en el conjunto de prueba).

    Attributes
    ----------
    r2 : float
        :math:`R^2` sobre todos los pares (secuencia, paso).
    r2_por_paso : ndarray de forma (T,)
        :math:`R^2` en cada paso :math:`t = 1, \dots, T`, con la varianza de :math:`S_t` en ese paso.
    prediccion : ndarray de forma (N, T)
        :math:`\hat S_t` leída del estado.
    suma_parcial : ndarray de forma (N, T)
        :math:`S_t` verdadera.
    sonda : SondaLineal
        La sonda ajustada (una sola para todos los pasos).
    """

    r2: float
    r2_por_paso: np.ndarray
    prediccion: np.ndarray
    suma_parcial: np.ndarray
    sonda: SondaLineal


def sonda_suma_parcial(modelo: ClasificadorSecuencias, X_entrenamiento, X_prueba, *, estado: str = "h",
                       ridge: float = 1e-4) -> ResultadoSonda:
    r"""¿Guarda el estado la suma parcial? Una sonda lineal de :math:`h_t` (o :math:`C_t`) a :math:`S_t`.

    Se ajusta **una sola** :class:`SondaLineal` con los pares
    :math:`(z_t, S_t)` de todas las secuencias y todos los pasos de
    ``X_entrenamiento``, donde :math:`z_t` es el estado elegido y
    :math:`S_t = \sum_{k \le t} x_k`, y se mide en ``X_prueba``. Una lectura
    común a todos los pasos es una afirmación más fuerte que una por paso: el
    estado usa el mismo código para la suma en cualquier momento.

    Parameters
    ----------
    modelo : ClasificadorSecuencias
        De una capa y ``input_size = 1``.
    X_entrenamiento, X_prueba : ndarray de forma (N, T, 1)
    estado : {"h", "c"}
        Estado oculto :math:`h_t` o estado de celda :math:`C_t` (solo LSTM).
    ridge : float
        Penalización de la sonda.

    Returns
    -------
    ResultadoSonda

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> m = ClasificadorSecuencias("LSTM", 1, 8, 2)
    >>> X1, _ = crear_tarea_signo_suma(50, 6, semilla=1)
    >>> X2, _ = crear_tarea_signo_suma(40, 6, semilla=2)
    >>> r = sonda_suma_parcial(m, X1, X2, estado="c")
    >>> r.r2_por_paso.shape, r.prediccion.shape, r.r2 < 1
    ((6,), (40, 6), True)
    """
    if not isinstance(modelo, ClasificadorSecuencias):
        raise TypeError(f"modelo debe ser un ClasificadorSecuencias; se recibió {type(modelo).__name__}.")
    if modelo.input_size != 1:
        raise ValueError(f"modelo debe tener input_size = 1 (una suma escalar); tiene {modelo.input_size}.")
    _v.opcion("estado", estado, ("h", "c"))
    if estado == "c" and modelo.tipo != "LSTM":
        raise ValueError(f"estado='c' solo existe en una LSTM; el modelo es de tipo {modelo.tipo!r}.")
    sonda = SondaLineal(ridge)
    partes = []
    for nombre, X in (("X_entrenamiento", X_entrenamiento), ("X_prueba", X_prueba)):
        X = X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X
        X = _v.array_finito(nombre, X, forma=(None, None, 1), dtype=np.float64)
        Z = estados_recurrentes(modelo, X)[estado]  # (N, T, H)
        partes.append((Z.reshape(-1, Z.shape[-1]), np.cumsum(X[:, :, 0], axis=1)))  # (N·T, H), (N, T)
    (Z_ent, S_ent), (Z_pru, S_pru) = partes
    sonda.ajustar(Z_ent, S_ent.ravel())
    prediccion = sonda.predecir(Z_pru).reshape(S_pru.shape)  # (N, T)
    return ResultadoSonda(r2=float(_r2(S_pru, prediccion)), r2_por_paso=_r2(S_pru, prediccion, axis=0),
                          prediccion=prediccion, suma_parcial=S_pru, sonda=sonda)


def pesos_por_paso(modelo: nn.Module, X) -> np.ndarray:
    r"""Peso efectivo de cada paso en la decisión: :math:`\partial (z_1 - z_0) / \partial x_t`, promediado.

    :math:`z_1 - z_0` es la diferencia de logits, cuyo signo decide la clase.
    Para la regla exacta, una función de :math:`S` y nada más, la derivada
    respecto a :math:`x_t` es la misma para todos los pasos (para
    :class:`ClasificadorSuma`, exactamente :math:`w_1 - w_0`). Un modelo que
    pesa unos pasos más que otros integra mal: aproxima otra suma.

    Parameters
    ----------
    modelo : torch.nn.Module
        Recibe (N, T, 1) y devuelve logits (N, 2).
    X : ndarray o Tensor de forma (N, T, 1)

    Returns
    -------
    ndarray de forma (T,)
        Media sobre las N secuencias de :math:`\partial (z_1 - z_0)/\partial x_t`.

    Examples
    --------
    >>> m = ClasificadorSuma()
    >>> X, _ = crear_tarea_signo_suma(4, 3)
    >>> g = pesos_por_paso(m, X)
    >>> w = m.fc.weight.detach()[:, 0]
    >>> bool(np.allclose(g, float(w[1] - w[0])))
    True
    """
    if not isinstance(modelo, nn.Module):
        raise TypeError(f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}.")
    X = X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X
    X = _v.array_finito("X", X, forma=(None, None, 1), dtype=np.float32)
    param = next(modelo.parameters())
    x = torch.as_tensor(X, device=param.device, dtype=param.dtype).requires_grad_(True)
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        with torch.enable_grad():
            logits = modelo(x)  # (N, 2)
            if logits.ndim != 2 or logits.shape[1] != 2:
                raise ValueError(f"modelo debe devolver logits de forma (N, 2); devolvió {tuple(logits.shape)}.")
            (grad,) = torch.autograd.grad((logits[:, 1] - logits[:, 0]).sum(), x)  # (N, T, 1)
    finally:
        modelo.train(estaba_entrenando)
    return grad[:, :, 0].mean(dim=0).cpu().double().numpy()


@dataclass
class ResultadoLongitudes:
    """Resultado de :func:`comparar_longitudes_signo`.

    Attributes
    ----------
    tabla : pandas.DataFrame
        Índice T, una columna por tipo de red, exactitud de prueba en [0, 1].
    modelos : dict
        ``(tipo, T)`` → modelo entrenado aquí (los de ``conocidas`` no están).
    """

    tabla: object
    modelos: dict


# ------------------------------------------------------- longitud y tipo de red
def comparar_longitudes_signo(longitudes=(20, 50), tipos=("RNN", "LSTM"), *, hidden_size: int = 32,
                              n_entrenamiento: int = 2000, n_validacion: int = 500, n_prueba: int = 4000,
                              epocas: int = 15, tam_lote: int = 128, lr: float = 1e-2, semilla: int = 0,
                              conocidas: Mapping[tuple[str, int], float] | None = None,
                              dispositivo: str | torch.device = "auto"):
    """Exactitud de prueba de cada tipo de red para cada longitud, con el mismo protocolo.

    Para cada longitud T se generan los datos con :func:`datos_signo_suma`
    (misma ``semilla``) y cada modelo, un :class:`~rnnbook.ClasificadorSecuencias`
    de ``hidden_size`` unidades creado tras ``fijar_semilla(semilla)``, se
    entrena con :func:`entrenar_clasificador_signo`.

    Parameters
    ----------
    longitudes : sequence of int
    tipos : sequence of {"RNN", "LSTM", "GRU"}
    hidden_size, n_entrenamiento, n_validacion, n_prueba, epocas, tam_lote, lr, semilla
        Como en :func:`datos_signo_suma` y :func:`entrenar_clasificador_signo`.
    conocidas : dict (tipo, T) → exactitud, opcional
        Resultados ya medidos **con este mismo protocolo**, que no se repiten
        (por ejemplo, el modelo principal de un ejemplo).
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    ResultadoLongitudes
    """
    import pandas as pd

    if isinstance(longitudes, (str, bytes)) or not hasattr(longitudes, "__iter__"):
        raise TypeError(f"longitudes debe ser una secuencia de enteros; se recibió {longitudes!r}.")
    longitudes = [_v.entero_positivo("longitud", T) for T in longitudes]
    if isinstance(tipos, str) or not hasattr(tipos, "__iter__"):
        raise TypeError(f"tipos debe ser una secuencia de nombres de red; se recibió {tipos!r}.")
    tipos = [normalizar_tipo(t) for t in tipos]
    if not longitudes or not tipos:
        raise ValueError("longitudes y tipos no pueden estar vacías.")
    conocidas = {(normalizar_tipo(t), T): float(v) for (t, T), v in (conocidas or {}).items()}
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    dispositivo = elegir_dispositivo(dispositivo)
    tabla = pd.DataFrame(index=pd.Index(longitudes, name="T"), columns=tipos, dtype=float)
    modelos = {}
    for T in longitudes:
        if all((tipo, T) in conocidas for tipo in tipos):
            tabla.loc[T] = [conocidas[(tipo, T)] for tipo in tipos]
            continue
        ent, val, prueba = datos_signo_suma(T, n_entrenamiento=n_entrenamiento, n_validacion=n_validacion,
                                            n_prueba=n_prueba, semilla=semilla)
        for tipo in tipos:
            if (tipo, T) in conocidas:
                tabla.loc[T, tipo] = conocidas[(tipo, T)]
                continue
            fijar_semilla(semilla)
            modelo = ClasificadorSecuencias(tipo, 1, hidden_size, 2)
            entrenar_clasificador_signo(modelo, ent, val, epocas=epocas, tam_lote=tam_lote, lr=lr,
                                        semilla=semilla, dispositivo=dispositivo)
            tabla.loc[T, tipo] = evaluar(modelo, _tensores("prueba", prueba), metricas={"exactitud": exactitud},
                                         dispositivo=dispositivo)["exactitud"]
            modelos[(tipo, T)] = modelo
    return ResultadoLongitudes(tabla=tabla, modelos=modelos)


# ------------------------------------------------------------------ figuras
_COLORES = (PALETA["lstm"], PALETA["referencia"], PALETA["rnn"], PALETA["gru"], PALETA["atencion"])


def figura_signo_suma(suma, probabilidades: Mapping[str, object], tabla, *, limite: float | None = None):
    r"""Lo que decide cada modelo en función de :math:`S`, y su exactitud por intervalos de :math:`|S|`.

    Parameters
    ----------
    suma : array de forma (N,)
        :math:`S` de cada secuencia de prueba.
    probabilidades : dict nombre → array de forma (N,)
        :math:`P(y = 1)` según cada modelo. El primero se dibuja como nube de
        puntos; los demás, como curva (ordenados por :math:`S`).
    tabla : pandas.DataFrame
        La de :func:`exactitud_por_magnitud` con los mismos nombres.
    limite : float, opcional
        Rango :math:`[-\text{limite}, \text{limite}]` del eje de :math:`S` en
        el panel izquierdo (por defecto, todos los datos).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import pandas as pd

    suma = _v.array_finito("suma", suma, ndim=1, dtype=np.float64)
    if not isinstance(probabilidades, Mapping) or not probabilidades:
        raise TypeError("probabilidades debe ser un dict no vacío nombre → P(y = 1).")
    if not isinstance(tabla, pd.DataFrame) or "ejemplos" not in tabla.columns:
        raise TypeError("tabla debe ser el DataFrame de exactitud_por_magnitud(...).")
    fig, (ax_p, ax_e) = nueva_figura(1, 2, ancho=11.0, alto=4.3)
    orden = np.argsort(suma)
    for j, (nombre, p) in enumerate(probabilidades.items()):
        p = _v.array_finito(f"probabilidades[{nombre!r}]", p, forma=suma.shape, dtype=np.float64)
        color = _COLORES[j % len(_COLORES)]
        if j == 0:
            ax_p.scatter(suma, p, s=6, alpha=0.35, color=color, lw=0, label=nombre)
        else:
            ax_p.plot(suma[orden], p[orden], color=color, lw=2, label=nombre)
    ax_p.axvline(0, color=PALETA["estado"], lw=1, ls=":")
    if limite is not None:
        limite = _v.real_positivo("limite", limite)
        ax_p.set_xlim(-limite, limite)
    ax_p.set_xlabel(r"Suma de la secuencia $S = \sum_t x_t$")
    ax_p.set_ylabel(r"$P(y = 1)$ predicha")
    ax_p.set_title("La decisión como función de la suma")
    ax_p.legend(loc="upper left", markerscale=3)

    columnas = [c for c in tabla.columns if c.endswith(" (%)")]
    x = np.arange(len(tabla))
    ancho = 0.8 / max(len(columnas), 1)
    for j, col in enumerate(columnas):
        ax_e.bar(x + (j - (len(columnas) - 1) / 2) * ancho, tabla[col], width=ancho,
                 color=_COLORES[j % len(_COLORES)], label=col.removesuffix(" (%)"))
    ax_e.set_xticks(x)
    ax_e.set_xticklabels([f"{i}\n(n = {n})" for i, n in zip(tabla.index, tabla["ejemplos"])], fontsize=8)
    minimo = float(np.nanmin(tabla[columnas].to_numpy())) if columnas else 50.0
    ax_e.set_ylim(max(0.0, min(50.0, 10 * math.floor(minimo / 10))), 101)
    ax_e.set_xlabel(r"$|S|$ (intervalo y número de secuencias de prueba)")
    ax_e.set_ylabel("Exactitud de prueba (%)")
    ax_e.set_title("Los errores están cerca de S = 0")
    ax_e.legend(loc="lower right")
    return fig


def figura_sonda_suma(resultados: Mapping[str, ResultadoSonda], *, detalle: str | None = None):
    r""":math:`R^2` de la sonda en cada paso y, para un resultado, :math:`\hat S_T` frente a :math:`S_T`.

    Parameters
    ----------
    resultados : dict nombre → ResultadoSonda
    detalle : str, opcional
        Nombre del resultado cuyo último paso se dibuja en el panel derecho
        (por defecto, el primero).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(resultados, Mapping) or not resultados:
        raise TypeError("resultados debe ser un dict no vacío nombre → ResultadoSonda.")
    for nombre, r in resultados.items():
        if not isinstance(r, ResultadoSonda):
            raise TypeError(f"resultados[{nombre!r}] debe ser un ResultadoSonda; se recibió {type(r).__name__}.")
    detalle = next(iter(resultados)) if detalle is None else detalle
    if detalle not in resultados:
        raise ValueError(f"detalle debe ser una de {list(resultados)}; se recibió {detalle!r}.")
    colores = (PALETA["lstm"], PALETA["celda"], PALETA["referencia"], PALETA["rnn"], PALETA["atencion"])
    fig, (ax_r, ax_s) = nueva_figura(1, 2, ancho=11.0, alto=4.3)
    for j, (nombre, r) in enumerate(resultados.items()):
        t = np.arange(1, r.r2_por_paso.size + 1)
        ax_r.plot(t, r.r2_por_paso, marker="o", ms=3, lw=2, color=colores[j % len(colores)],
                  ls="-" if j < 2 else "--", label=f"{nombre} (global {r.r2:.3f})")
    ax_r.set_ylim(min(0.0, min(float(np.min(r.r2_por_paso)) for r in resultados.values())), 1.02)
    ax_r.xaxis.get_major_locator().set_params(integer=True)
    ax_r.set_xlabel("Paso t")
    ax_r.set_ylabel(r"$R^2$ de la sonda en prueba")
    ax_r.set_title(r"¿Se puede leer $S_t$ del estado con una recta?")
    ax_r.legend(loc="lower left")

    r = resultados[detalle]
    s, s_hat = r.suma_parcial[:, -1], r.prediccion[:, -1]
    j = list(resultados).index(detalle)
    ax_s.scatter(s, s_hat, s=6, alpha=0.35, lw=0, color=colores[j % len(colores)])
    lim = float(np.max(np.abs(s)))
    ax_s.plot([-lim, lim], [-lim, lim], color=PALETA["estado"], lw=1, ls="--", label="lectura perfecta")
    ax_s.set_xlabel(r"Suma verdadera $S_T$")
    ax_s.set_ylabel(r"Suma leída $\hat S_T$")
    ax_s.set_title(f"Último paso: {detalle}")
    ax_s.legend(loc="upper left")
    return fig


def figura_pesos_por_paso(pesos: Mapping[str, np.ndarray]):
    """Peso relativo de cada paso en la decisión (:func:`pesos_por_paso` dividido por su media).

    Parameters
    ----------
    pesos : dict nombre → ndarray de forma (T,)

    Returns
    -------
    matplotlib.figure.Figure
        Una línea por modelo y la referencia del integrador exacto (1 en todos los pasos).
    """
    if not isinstance(pesos, Mapping) or not pesos:
        raise TypeError("pesos debe ser un dict no vacío nombre → pesos_por_paso(...).")
    fig, ax = nueva_figura(1, 1, ancho=7.5, alto=4.0)
    for j, (nombre, g) in enumerate(pesos.items()):
        g = _v.array_finito(f"pesos[{nombre!r}]", g, ndim=1, dtype=np.float64)
        if abs(g.mean()) == 0:
            raise ValueError(f"pesos[{nombre!r}] tiene media 0: no se puede normalizar.")
        color = PALETA.get(str(nombre).split()[0].lower(), _COLORES[j % len(_COLORES)])
        ax.plot(np.arange(1, g.size + 1), g / g.mean(), lw=2, marker="o", ms=3, color=color, label=nombre)
    ax.axhline(1.0, color=PALETA["referencia"], ls="--", lw=1.5, label="integrador exacto (solo la suma)")
    ax.set_ylim(bottom=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Paso t")
    ax.set_ylabel("Peso relativo del paso (media = 1)")
    ax.set_title(r"Sensibilidad de la decisión a cada $x_t$")
    ax.legend(loc="lower right")
    return fig
