"""Ejercicio I1: incrustaciones preentrenadas (skip-gram propio y formato GloVe).

Tres piezas:

* **Preentrenar** vectores de palabras con *skip-gram* y muestreo negativo
  :cite:p:`mikolov2013distributed` sobre un corpus **sin etiquetas**:
  :func:`pares_skipgram`, :func:`distribucion_negativos`, :class:`SkipGram`,
  :func:`perdida_skipgram` y :func:`entrenar_skipgram`, que usa el motor
  único :func:`rnnbook.entrenar`.
* **Leer vectores ajenos** en el formato de texto de GloVe o word2vec
  (:func:`cargar_vectores_texto`, :func:`guardar_vectores_texto`) y convertirlos
  en la tabla (V, E) de una capa ``nn.Embedding`` con
  :func:`tabla_incrustaciones`: relleno en cero y palabras sin vector con un
  valor aleatorio pequeño.
* **Comparar** incrustaciones aleatorias y preentrenadas, congeladas o
  afinadas, con el mismo clasificador LSTM (:func:`clasificador_con_incrustaciones`,
  :func:`comparar_incrustaciones`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import PAD
from ..datos.skipgram import distribucion_negativos, pares_skipgram, validar_secuencias
from ..entorno import elegir_dispositivo, fijar_semilla
from ..entrenamiento import Historial, entrenar, exactitud, predecir
from ..experimentos.sentimiento import como_par
from ..modelos.sentimiento import SentimentLSTM
from ..modelos.skipgram import SkipGram

__all__ = [
    "perdida_skipgram",
    "entrenar_skipgram",
    "similitud_coseno",
    "vecinos_proximos",
    "similitud_dentro_fuera",
    "acuerdo_de_vecinos",
    "componentes_principales",
    "tabla_incrustaciones",
    "clasificador_con_incrustaciones",
    "fraccion_vista",
    "entrenar_con_incrustaciones",
    "comparar_incrustaciones",
]


def perdida_skipgram(
    puntuaciones: torch.Tensor, objetivos: torch.Tensor | None = None
) -> torch.Tensor:
    r"""Pérdida del muestreo negativo, media sobre los pares.

    .. math:: \ell = -\log\sigma(s_0) - \sum_{k=1}^{K}\log\sigma(-s_k)

    Parameters
    ----------
    puntuaciones : Tensor de forma (N, 1 + K)
        Salida de :class:`SkipGram`: columna 0 el contexto verdadero.
    objetivos : Tensor, opcional
        Se ignora (la columna 0 ya es la del contexto verdadero); existe para
        que la firma sea la que espera :func:`rnnbook.entrenar`.

    Returns
    -------
    Tensor escalar

    Examples
    --------
    >>> round(float(perdida_skipgram(torch.zeros(4, 3))), 4)  # 3 · log 2
    2.0794
    """
    if (
        not isinstance(puntuaciones, torch.Tensor)
        or puntuaciones.ndim != 2
        or puntuaciones.shape[1] < 2
    ):
        raise ValueError(
            "puntuaciones debe ser un Tensor de forma (N, 1 + K) con K >= 1."
        )
    positivo = nn.functional.logsigmoid(puntuaciones[:, 0])  # (N,)
    negativos = nn.functional.logsigmoid(-puntuaciones[:, 1:]).sum(dim=1)  # (N,)
    return -(positivo + negativos).mean()


def entrenar_skipgram(
    secuencias: torch.Tensor,
    vocab_size: int,
    *,
    dim: int = 32,
    ventana: int = 2,
    negativos: int = 5,
    epocas: int = 2,
    tam_lote: int = 4096,
    lr: float = 2e-2,
    potencia: float = 0.75,
    padding_idx: int | None = PAD,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = False,
) -> tuple[SkipGram, Historial]:
    """Preentrena vectores de palabras con *skip-gram* sobre un corpus sin etiquetas.

    Construye los pares con :func:`pares_skipgram`, la distribución de los
    negativos con :func:`distribucion_negativos` y entrena un
    :class:`SkipGram` con :func:`rnnbook.entrenar` (Adam, lotes de pares
    barajados). La «entrada» de cada ejemplo es la palabra central y su
    «objetivo» la de contexto.

    Parameters
    ----------
    secuencias : Tensor de forma (N, T), int64
        El corpus sin etiquetas.
    vocab_size : int
        Tamaño V del vocabulario.
    dim, ventana, negativos : int
        Dimensión E, distancia máxima del contexto y negativos K por par.
    epocas, tam_lote : int
    lr : float
        Tasa de aprendizaje de Adam.
    potencia : float
        Exponente de la distribución de negativos.
    padding_idx : int o None
    semilla : int
        Siembra la inicialización, el barajado y los negativos.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    progreso : bool o None

    Returns
    -------
    modelo : SkipGram
        Sus vectores, :meth:`rnnbook.modelos.SkipGram.vectores`, forman la tabla (V, E).
    historial : Historial
        Pérdida de entrenamiento por época.

    Examples
    --------
    >>> corpus = torch.randint(1, 20, (30, 6), generator=torch.Generator().manual_seed(0))
    >>> m, h = entrenar_skipgram(corpus, 20, dim=4, epocas=2, tam_lote=64, dispositivo="cpu")
    >>> m.vectores().shape, len(h.epocas)
    (torch.Size([20, 4]), 2)
    """
    centros, contextos = pares_skipgram(secuencias, ventana, padding_idx=padding_idx)
    probabilidades = distribucion_negativos(
        secuencias, vocab_size, potencia=potencia, padding_idx=padding_idx
    )
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    fijar_semilla(semilla)
    modelo = SkipGram(probabilidades, dim, negativos, padding_idx=padding_idx)
    historial = entrenar(
        modelo,
        (centros, contextos),
        perdida=perdida_skipgram,
        epocas=epocas,
        tam_lote=tam_lote,
        lr=lr,
        semilla=semilla,
        dispositivo=dispositivo,
        paso_forward=lambda m, entradas, objetivos: m(entradas[0], objetivos),
        progreso=progreso,
    )
    return modelo, historial


# ---------------------------------------------------------------------------- estructura
def _validar_tabla(nombre: str, tabla) -> torch.Tensor:
    if not isinstance(tabla, torch.Tensor):
        tabla = torch.as_tensor(_v.array_finito(nombre, tabla, ndim=2))
    if tabla.ndim != 2 or not tabla.is_floating_point():
        raise ValueError(
            f"{nombre} debe ser un Tensor real de forma (V, E); "
            f"se recibió forma {tuple(tabla.shape)} y dtype {tabla.dtype}."
        )
    if not bool(torch.isfinite(tabla).all()):
        raise ValueError(f"{nombre} contiene valores no finitos (NaN o infinito).")
    return tabla


def similitud_coseno(tabla: torch.Tensor) -> torch.Tensor:
    """Matriz (V, V) de similitudes coseno entre las filas de ``tabla``.

    Las filas nulas (el relleno) tienen similitud 0 con todas.

    Examples
    --------
    >>> similitud_coseno(torch.tensor([[1.0, 0.0], [2.0, 0.0], [0.0, 3.0]])).tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    t = _validar_tabla("tabla", tabla).double()
    unit = t / t.norm(dim=1, keepdim=True).clamp_min(1e-12)  # (V, E)
    return (unit @ unit.T).float()  # (V, V)


def vecinos_proximos(
    tabla: torch.Tensor, indices, k: int = 5, *, padding_idx: int | None = PAD
) -> tuple[torch.Tensor, torch.Tensor]:
    """Los ``k`` vecinos más próximos (por coseno) de cada índice, sin él mismo ni el relleno.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    indices : sequence of int, de longitud n
    k : int
    padding_idx : int o None

    Returns
    -------
    vecinos : Tensor de forma (n, k), int64
    similitudes : Tensor de forma (n, k)
        En orden decreciente.

    Examples
    --------
    >>> t = torch.tensor([[0.0, 0.0], [1.0, 0.1], [1.0, 0.0], [0.0, 1.0]])
    >>> vecinos_proximos(t, [1], k=2)[0].tolist()
    [[2, 3]]
    """
    s = similitud_coseno(tabla)
    V = s.shape[0]
    idx = torch.as_tensor(list(indices), dtype=torch.long)
    if idx.ndim != 1 or idx.numel() == 0 or int(idx.min()) < 0 or int(idx.max()) >= V:
        raise ValueError(
            f"indices debe ser una lista no vacía de enteros en [0, {V - 1}]."
        )
    k = _v.entero_positivo("k", k)
    excluidos = 1 + (padding_idx is not None)
    if k > V - excluidos:
        raise ValueError(f"k debe ser <= {V - excluidos}; se recibió {k}.")
    filas = s[idx].clone()  # (n, V)
    filas[torch.arange(idx.numel()), idx] = -math.inf
    if padding_idx is not None:
        filas[:, padding_idx] = -math.inf
    sims, vecinos = filas.topk(k, dim=1)  # (n, k)
    return vecinos, sims


def similitud_dentro_fuera(tabla: torch.Tensor, grupos) -> tuple[float, float]:
    """Similitud coseno media entre palabras del mismo grupo y de grupos distintos.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    grupos : array_like de forma (V,), int
        Grupo de cada palabra (p. ej. su polaridad); las filas con grupo
        negativo (el relleno) no cuentan.

    Returns
    -------
    dentro, fuera : float
        Medias sobre los pares de palabras distintas del mismo grupo y de
        grupos distintos.

    Examples
    --------
    >>> t = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    >>> similitud_dentro_fuera(t, [0, 0, 1, 1])
    (1.0, 0.0)
    """
    s = similitud_coseno(tabla).double()
    g = torch.as_tensor(
        _v.array_finito("grupos", grupos, forma=(s.shape[0],), dtype=np.int64)
    )
    validas = g >= 0
    s, g = s[validas][:, validas], g[validas]
    mismo = g[:, None] == g[None, :]  # (V', V')
    distinto_de_si = ~torch.eye(g.shape[0], dtype=torch.bool)
    if not bool((mismo & distinto_de_si).any()) or not bool((~mismo).any()):
        raise ValueError(
            "grupos debe tener al menos dos grupos, alguno con dos palabras o más."
        )
    return float(s[mismo & distinto_de_si].mean()), float(s[~mismo].mean())


def acuerdo_de_vecinos(tabla: torch.Tensor, grupos, k: int = 10) -> float:
    """Fracción de los ``k`` vecinos más próximos de cada palabra que son de su mismo grupo.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    grupos : array_like de forma (V,), int
        Grupo de cada palabra; las filas con grupo negativo no se evalúan.
        El relleno (:data:`rnnbook.datos.sentimiento.PAD`) nunca cuenta como vecino.
    k : int

    Returns
    -------
    float
        En :math:`[0, 1]`; con dos grupos del mismo tamaño y vectores al
        azar, alrededor de 0.5.

    Examples
    --------
    >>> t = torch.tensor([[0.0, 0.0], [1.0, 0.1], [1.0, 0.0], [0.1, 1.0], [0.0, 1.0]])
    >>> acuerdo_de_vecinos(t, [-1, 0, 0, 1, 1], k=1)
    1.0
    """
    tabla = _validar_tabla("tabla", tabla)
    g = _v.array_finito("grupos", grupos, forma=(tabla.shape[0],), dtype=np.int64)
    validas = np.flatnonzero(g >= 0)  # (V',)
    vecinos, _ = vecinos_proximos(
        tabla, validas.tolist(), k=k
    )  # (V', k), sin sí misma ni el relleno
    return float((g[vecinos.numpy()] == g[validas][:, None]).mean())


def componentes_principales(
    tabla: torch.Tensor, *, sin_fila: int | None = PAD
) -> tuple[np.ndarray, np.ndarray]:
    """Proyección de las filas sobre sus dos primeras componentes principales.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    sin_fila : int o None
        Fila que se deja fuera (por defecto el relleno, que vale cero).

    Returns
    -------
    proyeccion : ndarray de forma (V', 2)
        Filas centradas proyectadas (V' = V − 1 si se quita una fila).
    varianza : ndarray de forma (2,)
        Porcentaje de la varianza total que explica cada componente.

    Examples
    --------
    >>> t = torch.tensor([[0.0, 0.0], [1.0, 0.0], [-1.0, 0.0], [2.0, 0.0]])
    >>> p, var = componentes_principales(t)
    >>> p.shape, round(float(var[0]))
    ((3, 2), 100)
    """
    tabla = _validar_tabla("tabla", tabla)
    filas = [i for i in range(tabla.shape[0]) if i != sin_fila]
    X = tabla[filas].double().numpy()
    X = X - X.mean(axis=0)  # (V', E) centrada
    _, s, Vt = np.linalg.svd(X, full_matrices=False)
    return X @ Vt[:2].T, 100 * s[:2] ** 2 / np.sum(s**2)  # (V', 2), (2,)


def _indices_vocabulario(vocabulario) -> dict[str, int]:
    if isinstance(vocabulario, Mapping):
        indices = dict(vocabulario)
        valores = list(indices.values())
        if any(
            isinstance(i, bool) or not isinstance(i, (int, np.integer)) for i in valores
        ):
            raise TypeError("vocabulario debe asignar a cada palabra un índice entero.")
        if sorted(valores) != list(range(len(valores))):
            raise ValueError(
                "Los índices de vocabulario deben ser 0, 1, …, V-1, cada uno una vez."
            )
    elif isinstance(vocabulario, Sequence) and not isinstance(vocabulario, str):
        indices = {p: i for i, p in enumerate(vocabulario)}
        if len(indices) != len(vocabulario):
            raise ValueError("vocabulario tiene palabras repetidas.")
    else:
        raise TypeError(
            "vocabulario debe ser una lista de palabras (el índice es la posición) o un "
            f"dict palabra → índice; se recibió {type(vocabulario).__name__}."
        )
    if not all(isinstance(p, str) for p in indices):
        raise TypeError("Las palabras del vocabulario deben ser cadenas (str).")
    if len(indices) < 2:
        raise ValueError(
            f"vocabulario debe tener al menos 2 palabras; tiene {len(indices)}."
        )
    return {p: int(i) for p, i in indices.items()}


def tabla_incrustaciones(
    vocabulario,
    vectores: Mapping[str, np.ndarray],
    *,
    dim: int | None = None,
    semilla: int = 0,
    padding_idx: int | None = PAD,
    escala: float | None = None,
) -> tuple[torch.Tensor, torch.Tensor, float]:
    """Tabla (V, E) para ``nn.Embedding.from_pretrained`` a partir de un vocabulario y unos vectores.

    * Cada palabra con vector en ``vectores`` recibe ese vector.
    * Las demás (fuera del archivo) reciben un vector aleatorio
      :math:`\\mathcal N(0, \\sigma^2)` con :math:`\\sigma` = ``escala``.
    * La fila ``padding_idx`` es cero.

    Parameters
    ----------
    vocabulario : list of str o dict str → int
        Lista cuya posición es el índice, o dict palabra → índice con los
        índices ``0..V-1``.
    vectores : dict str → array de forma (E,)
        P. ej. lo que devuelve :func:`cargar_vectores_texto`.
    dim : int, opcional
        Dimensión E; obligatoria si ``vectores`` está vacío.
    semilla : int
        Semilla de los vectores aleatorios (generador propio).
    padding_idx : int o None
        Fila de relleno (ceros); no cuenta para la cobertura.
    escala : float, opcional
        Desviación típica de los vectores aleatorios. Por defecto, la de los
        valores encontrados (así las palabras nuevas tienen el tamaño de las
        demás), o 0.1 si no se encontró ninguna.

    Returns
    -------
    tabla : Tensor de forma (V, E), float32
    encontradas : Tensor de forma (V,), bool
        Filas que vienen de ``vectores``.
    cobertura : float
        Fracción de palabras del vocabulario (sin el relleno) con vector.

    Raises
    ------
    ValueError
        Vectores de dimensiones distintas o distintas de ``dim``, ``dim``
        ausente con ``vectores`` vacío, ``padding_idx`` fuera del vocabulario.

    Examples
    --------
    >>> vocab = ["<pad>", "bueno", "malo", "zzz"]
    >>> vec = {"bueno": [1.0, 2.0], "malo": [-1.0, -2.0]}
    >>> tabla, encontradas, cobertura = tabla_incrustaciones(vocab, vec, semilla=0)
    >>> tabla.shape, tabla[0].tolist(), tabla[1].tolist(), encontradas.tolist(), round(cobertura, 3)
    (torch.Size([4, 2]), [0.0, 0.0], [1.0, 2.0], [False, True, True, False], 0.667)
    """
    indices = _indices_vocabulario(vocabulario)
    V = len(indices)
    if not isinstance(vectores, Mapping):
        raise TypeError(
            f"vectores debe ser un dict palabra → vector; se recibió {type(vectores).__name__}."
        )
    if dim is not None:
        dim = _v.entero_positivo("dim", dim)
    if padding_idx is not None:
        padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
        if padding_idx >= V:
            raise ValueError(f"padding_idx debe ser < V={V}; se recibió {padding_idx}.")
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    encontrados: dict[int, np.ndarray] = {}
    for palabra, i in indices.items():
        if palabra in vectores and i != padding_idx:
            v = _v.array_finito(
                f"vectores[{palabra!r}]", vectores[palabra], ndim=1, dtype=np.float32
            )
            if dim is None:
                dim = v.shape[0]
            if v.shape[0] != dim:
                raise ValueError(
                    f"vectores[{palabra!r}] tiene dimensión {v.shape[0]} y se esperaba {dim}."
                )
            encontrados[i] = v
    if dim is None:
        if vectores:
            dim = _v.array_finito(
                "el primer vector", next(iter(vectores.values())), ndim=1
            ).shape[0]
        else:
            raise ValueError("dim es obligatoria cuando vectores está vacío.")
    if escala is None:
        escala = (
            float(np.std(np.stack(list(encontrados.values())))) if encontrados else 0.1
        )
        escala = escala if escala > 0 else 0.1
    else:
        escala = _v.real_positivo("escala", escala)
    rng = np.random.default_rng(semilla)
    tabla = rng.normal(0.0, escala, size=(V, dim)).astype(np.float32)  # (V, E)
    marcas = np.zeros(V, dtype=bool)
    for i, v in encontrados.items():
        tabla[i] = v
        marcas[i] = True
    if padding_idx is not None:
        tabla[padding_idx] = 0.0
    palabras_reales = V - (padding_idx is not None)
    cobertura = float(marcas.sum()) / palabras_reales
    return torch.from_numpy(tabla), torch.from_numpy(marcas), cobertura


# ---------------------------------------------------------------------------- clasificación
def clasificador_con_incrustaciones(
    tabla: torch.Tensor,
    *,
    congelar: bool,
    hidden_size: int = 32,
    num_classes: int = 2,
    num_layers: int = 1,
    dropout: float = 0.0,
    padding_idx: int | None = PAD,
    semilla: int = 0,
) -> SentimentLSTM:
    """Un :class:`rnnbook.SentimentLSTM` cuya capa ``Embedding`` parte de ``tabla``.

    La capa se crea con ``nn.Embedding.from_pretrained(tabla, freeze=congelar,
    padding_idx=padding_idx)`` sobre una **copia** de ``tabla``.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    congelar : bool
        ``True``: los vectores no se entrenan; ``False``: se afinan con el
        resto de la red (salvo la fila de relleno, que no recibe gradiente).
    hidden_size, num_classes, num_layers : int
    dropout : float
    padding_idx : int o None
    semilla : int
        Semilla de los pesos de la LSTM y de la capa lineal.

    Returns
    -------
    SentimentLSTM

    Notes
    -----
    .. note::
       ``from_pretrained`` **no copia** el tensor: el parámetro comparte memoria
       con él y, si se afina, el entrenamiento modifica el tensor original.
       Por eso aquí se pasa ``tabla.clone()``, y la misma tabla sirve para
       varios modelos.

    Examples
    --------
    >>> t = torch.randn(10, 4)
    >>> m = clasificador_con_incrustaciones(t, congelar=True, hidden_size=8)
    >>> m.embedding.weight.requires_grad, m(torch.ones(2, 5, dtype=torch.long)).shape
    (False, torch.Size([2, 2]))
    """
    tabla = _validar_tabla("tabla", tabla)
    if not isinstance(congelar, bool):
        raise TypeError(
            f"congelar debe ser bool; se recibió {type(congelar).__name__}."
        )
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    fijar_semilla(semilla)
    modelo = SentimentLSTM(
        tabla.shape[0],
        tabla.shape[1],
        hidden_size,
        num_classes,
        num_layers=num_layers,
        dropout=dropout,
        padding_idx=padding_idx,
    )
    modelo.embedding = nn.Embedding.from_pretrained(
        tabla.detach().float().clone(), freeze=congelar, padding_idx=padding_idx
    )
    return modelo


def fraccion_vista(
    referencia: torch.Tensor, secuencias: torch.Tensor, *, padding_idx: int | None = PAD
) -> torch.Tensor:
    """Fracción de las palabras de cada secuencia que aparecen en ``referencia``.

    Con ``referencia`` = el conjunto etiquetado, dice cuánto de cada
    secuencia de prueba ha visto el clasificador durante su entrenamiento.

    Parameters
    ----------
    referencia : Tensor de forma (M, T'), int64
    secuencias : Tensor de forma (N, T), int64
    padding_idx : int o None
        El relleno no cuenta ni en el numerador ni en el denominador.

    Returns
    -------
    Tensor de forma (N,), float32

    Examples
    --------
    >>> fraccion_vista(torch.tensor([[1, 2]]), torch.tensor([[1, 3], [2, 2], [0, 4]])).tolist()
    [0.5, 1.0, 0.0]
    """
    ref = validar_secuencias("referencia", referencia)
    x = validar_secuencias("secuencias", secuencias)
    tope = int(max(ref.max(), x.max())) + 1
    vistas = torch.zeros(tope, dtype=torch.bool)
    vistas[ref.reshape(-1)] = True
    reales = (
        torch.ones_like(x, dtype=torch.bool)
        if padding_idx is None
        else x != padding_idx
    )  # (N, T)
    aciertos = (vistas[x] & reales).sum(1).float()  # (N,)
    return aciertos / reales.sum(1).clamp_min(1).float()


def entrenar_con_incrustaciones(
    tabla: torch.Tensor,
    entrenamiento,
    validacion=None,
    *,
    congelar: bool,
    epocas: int = 12,
    lr: float = 1e-2,
    tam_lote: int = 8,
    hidden_size: int = 32,
    dropout: float = 0.0,
    padding_idx: int | None = PAD,
    semilla: int = 0,
    dispositivo="auto",
) -> tuple[SentimentLSTM, Historial]:
    """Crea :func:`clasificador_con_incrustaciones` y lo entrena con :func:`rnnbook.entrenar`.

    Protocolo: Adam con tasa ``lr``, entropía cruzada, recorte del gradiente
    a norma 1 y exactitud como métrica. Sin ``validacion`` se entrena un
    número fijo de épocas; con ella se conservan los pesos de la época con
    menor pérdida de validación.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    entrenamiento : Dataset con ``tensores()`` o tuple (X, y)
        X de forma (N, T), int64; y de forma (N,).
    validacion : igual que ``entrenamiento``, opcional
    congelar : bool
    epocas, tam_lote, hidden_size : int
    lr, dropout : float
    padding_idx : int o None
    semilla : int
        Pesos iniciales, barajado y *dropout*.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    modelo : SentimentLSTM
    historial : Historial

    Examples
    --------
    >>> X = torch.randint(1, 10, (16, 5)); y = (X[:, 0] > 5).long()
    >>> m, h = entrenar_con_incrustaciones(torch.randn(10, 4), (X, y), congelar=False, epocas=2,
    ...                                    hidden_size=4, dispositivo="cpu")
    >>> len(h.epocas), m.embedding.weight.requires_grad
    (2, True)
    """
    modelo = clasificador_con_incrustaciones(
        tabla,
        congelar=congelar,
        hidden_size=hidden_size,
        dropout=dropout,
        padding_idx=padding_idx,
        semilla=semilla,
    )
    ent = como_par(entrenamiento)
    val = None if validacion is None else como_par(validacion)
    historial = entrenar(
        modelo,
        ent,
        val,
        perdida=nn.CrossEntropyLoss(),
        epocas=epocas,
        tam_lote=tam_lote,
        lr=lr,
        recorte_gradiente=1.0,
        metricas={"exactitud": exactitud},
        semilla=semilla,
        dispositivo=dispositivo,
        progreso=False,
    )
    return modelo, historial


def comparar_incrustaciones(
    tablas: Mapping[str, torch.Tensor],
    entrenamiento,
    prueba,
    *,
    validacion=None,
    semillas: Sequence[int] = (0,),
    **opciones,
):
    """Entrena el mismo clasificador con cada tabla, congelada y afinada, y mide la prueba.

    Para cada tabla, cada modo (congelada o afinada) y cada semilla llama a
    :func:`entrenar_con_incrustaciones` y mide la exactitud en ``prueba``:
    en total y en las secuencias **ninguna** de cuyas palabras aparece en
    ``entrenamiento``, que solo se pueden acertar con lo que las
    incrustaciones traen de fuera.

    Parameters
    ----------
    tablas : dict nombre → Tensor de forma (V, E)
    entrenamiento, prueba : Dataset con ``tensores()`` o tuple (X, y)
        X de forma (N, T), int64; y de forma (N,).
    validacion : igual, opcional
    semillas : sequence of int
        Una ejecución por semilla.
    **opciones
        Se pasan a :func:`entrenar_con_incrustaciones` (``epocas``, ``lr``,
        ``tam_lote``, ``hidden_size``, ``dropout``, ``padding_idx``,
        ``dispositivo``).

    Returns
    -------
    pandas.DataFrame
        Una fila por ejecución: ``incrustaciones``, ``modo``
        (``"congeladas"`` o ``"afinadas"``), ``semilla``,
        ``exactitud_prueba`` y ``exactitud_no_vistas`` (en [0, 1]; NaN si
        todas las secuencias de prueba tienen alguna palabra vista).

    Examples
    --------
    >>> X = torch.randint(1, 10, (16, 5)); y = (X[:, 0] > 5).long()
    >>> df = comparar_incrustaciones({"azar": torch.randn(10, 4)}, (X, y), (X, y), epocas=1,
    ...                              hidden_size=4, dispositivo="cpu")
    >>> df[["incrustaciones", "modo"]].values.tolist()
    [['azar', 'congeladas'], ['azar', 'afinadas']]
    """
    import pandas as pd

    if not isinstance(tablas, Mapping) or not tablas:
        raise TypeError("tablas debe ser un dict no vacío nombre → Tensor (V, E).")
    tablas = {
        nombre: _validar_tabla(f"tablas[{nombre!r}]", t) for nombre, t in tablas.items()
    }
    semillas = [_v.entero_positivo("semilla", s, minimo=0) for s in semillas]
    if not semillas:
        raise ValueError("semillas debe tener al menos una semilla.")
    if "semilla" in opciones or "congelar" in opciones:
        raise TypeError(
            "semilla y congelar los fija comparar_incrustaciones: usa semillas=…."
        )
    padding_idx = opciones.get("padding_idx", PAD)
    dispositivo = elegir_dispositivo(opciones.pop("dispositivo", "auto"))
    X_ent = como_par(entrenamiento)[0]
    X_prueba, y_prueba = como_par(prueba)
    no_vistas = fraccion_vista(X_ent, X_prueba, padding_idx=padding_idx) == 0  # (N,)
    filas = []
    for nombre, tabla in tablas.items():
        for congelar in (True, False):
            for semilla in semillas:
                modelo, _ = entrenar_con_incrustaciones(
                    tabla,
                    entrenamiento,
                    validacion,
                    congelar=congelar,
                    semilla=semilla,
                    dispositivo=dispositivo,
                    **opciones,
                )
                acierto = (
                    predecir(modelo, X_prueba, dispositivo=dispositivo).argmax(1)
                    == y_prueba
                )  # (N,)
                filas.append(
                    {
                        "incrustaciones": nombre,
                        "modo": "congeladas" if congelar else "afinadas",
                        "semilla": semilla,
                        "exactitud_prueba": float(acierto.float().mean()),
                        "exactitud_no_vistas": (
                            float(acierto[no_vistas].float().mean())
                            if bool(no_vistas.any())
                            else float("nan")
                        ),
                    }
                )
    return pd.DataFrame(filas)
