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

from .. import validacion as _v
from ..datos.signo_suma import datos_signo_suma
from ..desde_cero.lstm import CeldaLSTM
from ..entorno import elegir_dispositivo, fijar_semilla
from ..entrenamiento import Historial, entrenar, evaluar, exactitud
from ..modelos.clasificador import ClasificadorSecuencias, normalizar_tipo
from ..modelos.sondas import SondaLineal, coeficiente_r2

__all__ = [
    "entrenar_clasificador_signo",
    "exactitud_mayoritaria",
    "exactitud_por_magnitud",
    "estados_recurrentes",
    "ResultadoSonda",
    "sonda_suma_parcial",
    "pesos_por_paso",
    "ResultadoLongitudes",
    "comparar_longitudes_signo",
]

#: Bordes por defecto de los intervalos de :math:`|S|` en :func:`exactitud_por_magnitud`.
BORDES_MAGNITUD = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, math.inf)


def _tensores(nombre: str, par) -> tuple[torch.Tensor, torch.Tensor]:
    """``(X, y)`` de NumPy o de PyTorch → par de tensores (``float32``, ``int64``)."""
    if not isinstance(par, (tuple, list)) or len(par) != 2:
        raise TypeError(
            f"{nombre} debe ser un par (X, y); se recibió {type(par).__name__}."
        )
    X, y = (t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t for t in par)
    X = _v.array_finito(f"{nombre}[0]", X, ndim=3, dtype=np.float32)
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{nombre}[1] debe ser un array de enteros de forma ({X.shape[0]},); "
            f"se recibió forma {y.shape} y dtype {y.dtype}."
        )
    return torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(
        y.astype(np.int64)
    )


def entrenar_clasificador_signo(
    modelo: nn.Module,
    entrenamiento,
    validacion,
    *,
    epocas: int = 15,
    tam_lote: int = 128,
    lr: float = 1e-2,
    recorte_gradiente: float = 1.0,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
) -> Historial:
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
        modelo,
        _tensores("entrenamiento", entrenamiento),
        _tensores("validacion", validacion),
        perdida=nn.CrossEntropyLoss(),
        epocas=epocas,
        tam_lote=tam_lote,
        lr=lr,
        recorte_gradiente=recorte_gradiente,
        planificador=lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(
            opt, T_max=epocas
        ),
        metricas={"exactitud": exactitud},
        semilla=semilla,
        dispositivo=dispositivo,
        progreso=False,
    )


# ------------------------------------------------------------------ evaluación
def _etiquetas(nombre: str, y) -> np.ndarray:
    y = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else np.asarray(y)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"{nombre} debe ser un array no vacío de enteros de forma (N,); "
            f"se recibió forma {y.shape} y dtype {y.dtype}."
        )
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


def exactitud_por_magnitud(
    suma, y, predicciones: Mapping[str, object], bordes=BORDES_MAGNITUD
):
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
        raise ValueError(
            f"y debe tener forma {suma.shape}, como suma; se recibió {y.shape}."
        )
    if not isinstance(predicciones, Mapping) or not predicciones:
        raise TypeError(
            "predicciones debe ser un dict no vacío nombre → clases predichas."
        )
    aciertos = {}
    for nombre, pred in predicciones.items():
        pred = _etiquetas(f"predicciones[{nombre!r}]", pred)
        if pred.shape != y.shape:
            raise ValueError(
                f"predicciones[{nombre!r}] debe tener forma {y.shape}; se recibió {pred.shape}."
            )
        aciertos[nombre] = pred == y
    bordes = np.asarray(bordes, dtype=np.float64)
    if (
        bordes.ndim != 1
        or bordes.size < 2
        or bordes[0] != 0
        or np.any(np.diff(bordes) <= 0)
        or np.any(np.isnan(bordes))
    ):
        raise ValueError(
            f"bordes debe ser una secuencia creciente de al menos dos valores que empiece en 0; "
            f"se recibió {bordes.tolist()}."
        )
    magnitud = np.abs(suma)
    filas, indice = [], []
    for a, b in zip(bordes[:-1], bordes[1:]):
        dentro = (magnitud >= a) & (magnitud < b)
        fila = {"ejemplos": int(dentro.sum())}
        for nombre, ok in aciertos.items():
            fila[f"{nombre} (%)"] = (
                100 * float(ok[dentro].mean()) if dentro.any() else float("nan")
            )
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
        raise TypeError(
            f"modelo debe ser un ClasificadorSecuencias; se recibió {type(modelo).__name__}."
        )
    if modelo.num_layers != 1:
        raise ValueError(
            f"modelo debe tener una sola capa recurrente; tiene {modelo.num_layers}."
        )
    X = X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X
    X = _v.array_finito("X", X, forma=(None, None, modelo.input_size), dtype=np.float32)
    if modelo.tipo == "LSTM":
        celda = CeldaLSTM.desde_torch(modelo.rnn, dtype=np.float32)  # mismos pesos
        H_seq, cache = celda.forward(X)  # (N, T, H)
        C_seq = cache["Cs"][1:].transpose(1, 0, 2)  # (T + 1, N, H) → (N, T, H), sin C_0
        return {"h": np.ascontiguousarray(H_seq), "c": np.ascontiguousarray(C_seq)}
    param = next(modelo.rnn.parameters())
    with torch.no_grad():
        salida, _ = modelo.rnn(
            torch.as_tensor(X, dtype=param.dtype, device=param.device)
        )  # (N, T, H)
    return {"h": salida.cpu().float().numpy()}


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


def sonda_suma_parcial(
    modelo: ClasificadorSecuencias,
    X_entrenamiento,
    X_prueba,
    *,
    estado: str = "h",
    ridge: float = 1e-4,
) -> ResultadoSonda:
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
        raise TypeError(
            f"modelo debe ser un ClasificadorSecuencias; se recibió {type(modelo).__name__}."
        )
    if modelo.input_size != 1:
        raise ValueError(
            f"modelo debe tener input_size = 1 (una suma escalar); tiene {modelo.input_size}."
        )
    _v.opcion("estado", estado, ("h", "c"))
    if estado == "c" and modelo.tipo != "LSTM":
        raise ValueError(
            f"estado='c' solo existe en una LSTM; el modelo es de tipo {modelo.tipo!r}."
        )
    sonda = SondaLineal(ridge)
    partes = []
    for nombre, X in (("X_entrenamiento", X_entrenamiento), ("X_prueba", X_prueba)):
        X = X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X
        X = _v.array_finito(nombre, X, forma=(None, None, 1), dtype=np.float64)
        Z = estados_recurrentes(modelo, X)[estado]  # (N, T, H)
        partes.append(
            (Z.reshape(-1, Z.shape[-1]), np.cumsum(X[:, :, 0], axis=1))
        )  # (N·T, H), (N, T)
    (Z_ent, S_ent), (Z_pru, S_pru) = partes
    sonda.ajustar(Z_ent, S_ent.ravel())
    prediccion = sonda.predecir(Z_pru).reshape(S_pru.shape)  # (N, T)
    return ResultadoSonda(
        r2=float(coeficiente_r2(S_pru, prediccion)),
        r2_por_paso=coeficiente_r2(S_pru, prediccion, axis=0),
        prediccion=prediccion,
        suma_parcial=S_pru,
        sonda=sonda,
    )


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
        raise TypeError(
            f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}."
        )
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
                raise ValueError(
                    f"modelo debe devolver logits de forma (N, 2); devolvió {tuple(logits.shape)}."
                )
            (grad,) = torch.autograd.grad(
                (logits[:, 1] - logits[:, 0]).sum(), x
            )  # (N, T, 1)
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
def comparar_longitudes_signo(
    longitudes=(20, 50),
    tipos=("RNN", "LSTM"),
    *,
    hidden_size: int = 32,
    n_entrenamiento: int = 2000,
    n_validacion: int = 500,
    n_prueba: int = 4000,
    epocas: int = 15,
    tam_lote: int = 128,
    lr: float = 1e-2,
    semilla: int = 0,
    conocidas: Mapping[tuple[str, int], float] | None = None,
    dispositivo: str | torch.device = "auto",
):
    """Exactitud de prueba de cada tipo de red para cada longitud, con el mismo protocolo.

    Para cada longitud T se generan los datos con :func:`datos_signo_suma`
    (misma ``semilla``) y cada modelo, un :class:`~rnnbook.modelos.ClasificadorSecuencias`
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
        raise TypeError(
            f"longitudes debe ser una secuencia de enteros; se recibió {longitudes!r}."
        )
    longitudes = [_v.entero_positivo("longitud", T) for T in longitudes]
    if isinstance(tipos, str) or not hasattr(tipos, "__iter__"):
        raise TypeError(
            f"tipos debe ser una secuencia de nombres de red; se recibió {tipos!r}."
        )
    tipos = [normalizar_tipo(t) for t in tipos]
    if not longitudes or not tipos:
        raise ValueError("longitudes y tipos no pueden estar vacías.")
    conocidas = {
        (normalizar_tipo(t), T): float(v) for (t, T), v in (conocidas or {}).items()
    }
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    dispositivo = elegir_dispositivo(dispositivo)
    tabla = pd.DataFrame(
        index=pd.Index(longitudes, name="T"), columns=tipos, dtype=float
    )
    modelos = {}
    for T in longitudes:
        if all((tipo, T) in conocidas for tipo in tipos):
            tabla.loc[T] = [conocidas[(tipo, T)] for tipo in tipos]
            continue
        ent, val, prueba = datos_signo_suma(
            T,
            n_entrenamiento=n_entrenamiento,
            n_validacion=n_validacion,
            n_prueba=n_prueba,
            semilla=semilla,
        )
        for tipo in tipos:
            if (tipo, T) in conocidas:
                tabla.loc[T, tipo] = conocidas[(tipo, T)]
                continue
            fijar_semilla(semilla)
            modelo = ClasificadorSecuencias(tipo, 1, hidden_size, 2)
            entrenar_clasificador_signo(
                modelo,
                ent,
                val,
                epocas=epocas,
                tam_lote=tam_lote,
                lr=lr,
                semilla=semilla,
                dispositivo=dispositivo,
            )
            tabla.loc[T, tipo] = evaluar(
                modelo,
                _tensores("prueba", prueba),
                metricas={"exactitud": exactitud},
                dispositivo=dispositivo,
            )["exactitud"]
            modelos[(tipo, T)] = modelo
    return ResultadoLongitudes(tabla=tabla, modelos=modelos)
