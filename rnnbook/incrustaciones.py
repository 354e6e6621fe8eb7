"""Ejercicio I1: incrustaciones preentrenadas (skip-gram propio y formato GloVe).

Tres piezas:

* **Preentrenar** vectores de palabras con *skip-gram* y muestreo negativo
  (Mikolov et al., 2013) sobre un corpus **sin etiquetas**:
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

import gzip
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import _validacion as _v
from .entorno import elegir_dispositivo, fijar_semilla
from .entrenamiento import Historial, entrenar, exactitud, predecir
from .sentimiento import PAD, SentimentLSTM, _como_par

__all__ = [
    "pares_skipgram",
    "distribucion_negativos",
    "SkipGram",
    "perdida_skipgram",
    "entrenar_skipgram",
    "similitud_coseno",
    "vecinos_proximos",
    "similitud_dentro_fuera",
    "acuerdo_de_vecinos",
    "componentes_principales",
    "figura_componentes_principales",
    "figura_comparacion_incrustaciones",
    "guardar_vectores_texto",
    "cargar_vectores_texto",
    "tabla_incrustaciones",
    "clasificador_con_incrustaciones",
    "fraccion_vista",
    "entrenar_con_incrustaciones",
    "comparar_incrustaciones",
]


# ---------------------------------------------------------------------------- skip-gram
def _validar_secuencias(nombre: str, secuencias) -> torch.Tensor:
    if not isinstance(secuencias, torch.Tensor):
        raise TypeError(f"{nombre} debe ser un Tensor de índices de forma (N, T); "
                        f"se recibió {type(secuencias).__name__}.")
    if secuencias.ndim != 2 or secuencias.dtype not in (torch.int64, torch.int32):
        raise ValueError(f"{nombre} debe ser un Tensor de enteros de forma (N, T); "
                         f"se recibió forma {tuple(secuencias.shape)} y dtype {secuencias.dtype}.")
    if secuencias.numel() and int(secuencias.min()) < 0:
        raise ValueError(f"{nombre} contiene índices negativos (mínimo {int(secuencias.min())}).")
    return secuencias.long()


def pares_skipgram(secuencias: torch.Tensor, ventana: int = 2, *,
                   padding_idx: int | None = PAD) -> tuple[torch.Tensor, torch.Tensor]:
    """Todos los pares (centro, contexto) a distancia ``1..ventana`` dentro de cada secuencia.

    Se construyen sin bucles sobre los pares: para cada desplazamiento ``d``
    se emparejan las columnas ``x[:, :-d]`` con ``x[:, d:]`` en los dos
    sentidos. Los pares en los que alguna palabra es el relleno se descartan.

    Parameters
    ----------
    secuencias : Tensor de forma (N, T), int64
        Índices de palabras; cada fila es un documento.
    ventana : int
        Distancia máxima entre el centro y su contexto.
    padding_idx : int o None
        Índice de relleno, que no forma pares.

    Returns
    -------
    centros, contextos : Tensor de forma (P,), int64
        Con ``P = 2 N Σ_d (T - d)`` si no hay relleno.

    Examples
    --------
    >>> c, o = pares_skipgram(torch.tensor([[5, 6, 7]]), ventana=1)
    >>> list(zip(c.tolist(), o.tolist()))
    [(5, 6), (6, 7), (6, 5), (7, 6)]
    """
    x = _validar_secuencias("secuencias", secuencias)
    ventana = _v.entero_positivo("ventana", ventana)
    if ventana >= x.shape[1]:
        raise ValueError(f"ventana debe ser menor que la longitud T={x.shape[1]} de las secuencias; "
                         f"se recibió {ventana}.")
    centros, contextos = [], []
    for d in range(1, ventana + 1):
        izq, der = x[:, :-d].reshape(-1), x[:, d:].reshape(-1)  # (N·(T-d),)
        centros += [izq, der]
        contextos += [der, izq]
    centros, contextos = torch.cat(centros), torch.cat(contextos)  # (P,)
    if padding_idx is not None:
        validos = (centros != padding_idx) & (contextos != padding_idx)
        centros, contextos = centros[validos], contextos[validos]
    return centros, contextos


def distribucion_negativos(secuencias: torch.Tensor, vocab_size: int, *, potencia: float = 0.75,
                           padding_idx: int | None = PAD) -> torch.Tensor:
    r"""Distribución de las palabras negativas: frecuencias elevadas a ``potencia``.

    .. math:: P_n(w) = \frac{f(w)^{\alpha}}{\sum_{w'} f(w')^{\alpha}}, \qquad \alpha = 0.75

    El exponente menor que 1 da más peso a las palabras raras que la
    frecuencia pura, como en word2vec. El relleno tiene probabilidad 0.

    Parameters
    ----------
    secuencias : Tensor de forma (N, T), int64
    vocab_size : int
        Tamaño V del vocabulario.
    potencia : float
        Exponente :math:`\alpha` (0 da la distribución uniforme).
    padding_idx : int o None

    Returns
    -------
    Tensor de forma (V,), float32
        Suma 1.

    Examples
    --------
    >>> p = distribucion_negativos(torch.tensor([[1, 1, 1, 1, 2]]), 3, potencia=0.5)
    >>> [round(v, 3) for v in p.tolist()]
    [0.0, 0.667, 0.333]
    """
    x = _validar_secuencias("secuencias", secuencias)
    vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
    potencia = _v.real_positivo("potencia", potencia, permitir_cero=True)
    if x.numel() and int(x.max()) >= vocab_size:
        raise ValueError(f"secuencias contiene el índice {int(x.max())}, fuera del vocabulario de "
                         f"tamaño {vocab_size}.")
    cuentas = torch.bincount(x.reshape(-1), minlength=vocab_size).double()  # (V,)
    if padding_idx is not None:
        cuentas[padding_idx] = 0.0
    if float(cuentas.sum()) == 0:
        raise ValueError("secuencias no contiene ninguna palabra que no sea relleno.")
    pesos = torch.where(cuentas > 0, cuentas ** potencia, torch.zeros_like(cuentas))
    return (pesos / pesos.sum()).float()


class SkipGram(nn.Module):
    r"""*Skip-gram* con muestreo negativo: dos tablas de vectores, de centro y de contexto.

    Para un par (centro :math:`c`, contexto :math:`o`) y :math:`K` palabras
    negativas :math:`w_1..w_K` extraídas de :math:`P_n`, el modelo puntúa
    :math:`s_0 = u_c^\top v_o` y :math:`s_k = u_c^\top v_{w_k}`, y
    :func:`perdida_skipgram` minimiza

    .. math:: -\log\sigma(s_0) - \sum_{k=1}^{K} \log\sigma(-s_k) .

    Las palabras que aparecen en contextos parecidos acaban con vectores de
    centro :math:`u` parecidos: esos son los vectores «preentrenados»
    (:meth:`rnnbook.SkipGram.vectores`).

    Parameters
    ----------
    probabilidades : Tensor de forma (V,)
        Distribución de los negativos (:func:`distribucion_negativos`); fija V.
    dim : int
        Dimensión E de los vectores.
    negativos : int
        Número K de negativos por par.
    padding_idx : int o None
        Su vector de centro queda fijo en cero.

    Notes
    -----
    Como en word2vec, los vectores de centro empiezan uniformes en
    :math:`[-0.5/E, 0.5/E]` y los de contexto en cero. Los negativos se
    extraen en cada llamada con el generador global de PyTorch (que
    :func:`rnnbook.entrenar` siembra), con reemplazamiento y sin excluir
    la palabra de contexto verdadera.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> m = SkipGram(torch.full((10,), 0.1), dim=4, negativos=3)
    >>> m(torch.tensor([1, 2]), torch.tensor([3, 4])).shape
    torch.Size([2, 4])
    >>> m.vectores().shape
    torch.Size([10, 4])
    """

    def __init__(self, probabilidades: torch.Tensor, dim: int, negativos: int = 5,
                 padding_idx: int | None = PAD):
        super().__init__()
        p = torch.as_tensor(_v.array_finito("probabilidades", probabilidades, ndim=1), dtype=torch.float32)
        if p.shape[0] < 2 or bool((p < 0).any()) or float(p.sum()) <= 0:
            raise ValueError("probabilidades debe ser un vector (V,) de al menos 2 valores no negativos "
                             "con suma positiva.")
        self.vocab_size = int(p.shape[0])
        self.dim = _v.entero_positivo("dim", dim)
        self.negativos = _v.entero_positivo("negativos", negativos)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
            if padding_idx >= self.vocab_size:
                raise ValueError(f"padding_idx debe ser < V={self.vocab_size}; se recibió {padding_idx}.")
        self.register_buffer("probabilidades", p / p.sum())
        self.centro = nn.Embedding(self.vocab_size, self.dim, padding_idx=padding_idx)
        self.contexto = nn.Embedding(self.vocab_size, self.dim)
        with torch.no_grad():
            self.centro.weight.uniform_(-0.5 / self.dim, 0.5 / self.dim)
            if padding_idx is not None:
                self.centro.weight[padding_idx] = 0.0
            self.contexto.weight.zero_()

    def forward(self, centros: torch.Tensor, contextos: torch.Tensor,
                negativos: torch.Tensor | None = None) -> torch.Tensor:
        """Puntuaciones (N, 1 + K): columna 0 el contexto verdadero, el resto los negativos.

        Parameters
        ----------
        centros, contextos : Tensor de forma (N,), int64
        negativos : Tensor de forma (N, K), opcional
            Si no se da, se extraen de la distribución ``probabilidades``.
        """
        if negativos is None:
            negativos = torch.multinomial(self.probabilidades, centros.shape[0] * self.negativos,
                                          replacement=True).view(-1, self.negativos)  # (N, K)
        candidatos = torch.cat([contextos.unsqueeze(1), negativos], dim=1)  # (N, 1 + K)
        u = self.centro(centros)  # (N, E)
        v = self.contexto(candidatos)  # (N, 1 + K, E)
        return torch.einsum("ne,nke->nk", u, v)  # (N, 1 + K)

    def vectores(self) -> torch.Tensor:
        """Copia de los vectores de centro, forma (V, E), en la CPU."""
        return self.centro.weight.detach().cpu().clone()


def perdida_skipgram(puntuaciones: torch.Tensor, objetivos: torch.Tensor | None = None) -> torch.Tensor:
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
    if not isinstance(puntuaciones, torch.Tensor) or puntuaciones.ndim != 2 or puntuaciones.shape[1] < 2:
        raise ValueError("puntuaciones debe ser un Tensor de forma (N, 1 + K) con K >= 1.")
    positivo = nn.functional.logsigmoid(puntuaciones[:, 0])  # (N,)
    negativos = nn.functional.logsigmoid(-puntuaciones[:, 1:]).sum(dim=1)  # (N,)
    return -(positivo + negativos).mean()


def entrenar_skipgram(secuencias: torch.Tensor, vocab_size: int, *, dim: int = 32, ventana: int = 2,
                      negativos: int = 5, epocas: int = 2, tam_lote: int = 4096, lr: float = 2e-2,
                      potencia: float = 0.75, padding_idx: int | None = PAD, semilla: int = 0,
                      dispositivo="auto", progreso: bool | None = False) -> tuple[SkipGram, Historial]:
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
        Sus vectores, :meth:`rnnbook.SkipGram.vectores`, forman la tabla (V, E).
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
    probabilidades = distribucion_negativos(secuencias, vocab_size, potencia=potencia, padding_idx=padding_idx)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    fijar_semilla(semilla)
    modelo = SkipGram(probabilidades, dim, negativos, padding_idx=padding_idx)
    historial = entrenar(modelo, (centros, contextos), perdida=perdida_skipgram, epocas=epocas,
                         tam_lote=tam_lote, lr=lr, semilla=semilla, dispositivo=dispositivo,
                         paso_forward=lambda m, entradas, objetivos: m(entradas[0], objetivos),
                         progreso=progreso)
    return modelo, historial


# ---------------------------------------------------------------------------- estructura
def _validar_tabla(nombre: str, tabla) -> torch.Tensor:
    if not isinstance(tabla, torch.Tensor):
        tabla = torch.as_tensor(_v.array_finito(nombre, tabla, ndim=2))
    if tabla.ndim != 2 or not tabla.is_floating_point():
        raise ValueError(f"{nombre} debe ser un Tensor real de forma (V, E); "
                         f"se recibió forma {tuple(tabla.shape)} y dtype {tabla.dtype}.")
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


def vecinos_proximos(tabla: torch.Tensor, indices, k: int = 5, *,
                     padding_idx: int | None = PAD) -> tuple[torch.Tensor, torch.Tensor]:
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
        raise ValueError(f"indices debe ser una lista no vacía de enteros en [0, {V - 1}].")
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
    g = torch.as_tensor(_v.array_finito("grupos", grupos, forma=(s.shape[0],), dtype=np.int64))
    validas = g >= 0
    s, g = s[validas][:, validas], g[validas]
    mismo = g[:, None] == g[None, :]  # (V', V')
    distinto_de_si = ~torch.eye(g.shape[0], dtype=torch.bool)
    if not bool((mismo & distinto_de_si).any()) or not bool((~mismo).any()):
        raise ValueError("grupos debe tener al menos dos grupos, alguno con dos palabras o más.")
    return float(s[mismo & distinto_de_si].mean()), float(s[~mismo].mean())


def acuerdo_de_vecinos(tabla: torch.Tensor, grupos, k: int = 10) -> float:
    """Fracción de los ``k`` vecinos más próximos de cada palabra que son de su mismo grupo.

    Parameters
    ----------
    tabla : Tensor de forma (V, E)
    grupos : array_like de forma (V,), int
        Grupo de cada palabra; las filas con grupo negativo no se evalúan.
        El relleno (:data:`rnnbook.sentimiento.PAD`) nunca cuenta como vecino.
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
    vecinos, _ = vecinos_proximos(tabla, validas.tolist(), k=k)  # (V', k), sin sí misma ni el relleno
    return float((g[vecinos.numpy()] == g[validas][:, None]).mean())


def componentes_principales(tabla: torch.Tensor, *, sin_fila: int | None = PAD) -> tuple[np.ndarray, np.ndarray]:
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
    return X @ Vt[:2].T, 100 * s[:2] ** 2 / np.sum(s ** 2)  # (V', 2), (2,)


def figura_componentes_principales(tablas: Mapping[str, torch.Tensor], grupos, *,
                                   nombres_grupos: Mapping[int, str] | None = None, titulo: str | None = None):
    """Una nube por tabla: sus filas (sin el relleno) en las dos primeras componentes, coloreadas por grupo.

    Parameters
    ----------
    tablas : dict nombre → Tensor de forma (V, E)
    grupos : array_like de forma (V,), int
        Grupo de cada fila (0 y 1); el relleno (fila :data:`rnnbook.sentimiento.PAD`) no se dibuja.
    nombres_grupos : dict grupo → str, opcional
        Por defecto ``{0: "negativas", 1: "positivas"}``.
    titulo : str, opcional

    Returns
    -------
    fig : matplotlib.figure.Figure
    varianza_pc1 : dict nombre → float
        Porcentaje de varianza de la primera componente de cada tabla.
    """
    from .graficos import PALETA, nueva_figura

    if not isinstance(tablas, Mapping) or not tablas:
        raise TypeError("tablas debe ser un dict no vacío nombre → Tensor (V, E).")
    nombres_grupos = dict(nombres_grupos or {0: "negativas", 1: "positivas"})
    colores = {0: PALETA["desvaneciente"], 1: PALETA["estable"]}
    fig, ejes = nueva_figura(1, len(tablas), ancho=5 * len(tablas), alto=4.2)
    ejes = np.atleast_1d(ejes)
    varianza_pc1 = {}
    for ax, (nombre, tabla) in zip(ejes, tablas.items()):
        g = _v.array_finito("grupos", grupos, forma=(tabla.shape[0],), dtype=np.int64)
        proyeccion, varianza = componentes_principales(tabla)
        varianza_pc1[nombre] = float(varianza[0])
        g = np.delete(g, PAD)
        for clase, etiqueta in nombres_grupos.items():
            sel = g == clase
            ax.scatter(proyeccion[sel, 0], proyeccion[sel, 1], s=7, alpha=0.6,
                       color=colores.get(clase, PALETA["referencia"]), label=etiqueta)
        ax.set(title=f"Incrustaciones {nombre}", xlabel=f"componente 1 ({varianza[0]:.0f} % de la varianza)",
               ylabel=f"componente 2 ({varianza[1]:.0f} %)")
        ax.legend(loc="upper right", markerscale=2)
    if titulo:
        fig.suptitle(titulo, fontweight="bold")
    return fig, varianza_pc1


def figura_comparacion_incrustaciones(resultados, por_n, *, n_barras: int | None = None):
    """Exactitud por ajuste: barras con cada semilla y curva frente al número de etiquetas.

    Parameters
    ----------
    resultados : pandas.DataFrame
        Salida de :func:`comparar_incrustaciones` con pocas etiquetas (una fila
        por tabla, modo y semilla).
    por_n : pandas.DataFrame
        Media y desviación típica (columnas ``"mean"``, ``"std"``, en %) de
        ``exactitud_prueba`` con índice (incrustaciones, modo, n).
    n_barras : int, opcional
        Número de etiquetas del panel de barras, para su título.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .graficos import PALETA, nueva_figura

    estilos = {("aleatorias", "congeladas"): (PALETA["referencia"], "o", ":"),
               ("aleatorias", "afinadas"): (PALETA["estado"], "s", "-"),
               ("preentrenadas", "congeladas"): (PALETA["rnn"], "o", ":"),
               ("preentrenadas", "afinadas"): (PALETA["lstm"], "s", "-")}
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4.2)
    for i, ((nombre, modo), (color, marca, linea)) in enumerate(estilos.items()):
        sel = resultados[(resultados.incrustaciones == nombre) & (resultados.modo == modo)]
        if sel.empty:
            raise ValueError(f"resultados no tiene filas de {nombre!r}, {modo!r}.")
        for j, columna in enumerate(("exactitud_prueba", "exactitud_no_vistas")):
            x = j * 5 + i
            ax1.bar(x, 100 * sel[columna].mean(), color=color, alpha=0.8)
            ax1.plot(np.full(len(sel), x), 100 * sel[columna], "k.", ms=4)
        filas_n = por_n.loc[(nombre, modo)]
        ax2.errorbar(filas_n.index, filas_n["mean"], yerr=filas_n["std"], color=color, marker=marca, ls=linea,
                     capsize=3, label=f"{nombre}, {modo}")
    ax1.set_xticks([1.5, 6.5], ["toda la prueba", "secuencias sin\npalabras vistas"])
    titulo = f"{n_barras} secuencias etiquetadas" if n_barras else "Pocas etiquetas"
    ax1.set(title=titulo, ylabel="exactitud de prueba (%)", ylim=(0, 105))
    ax1.axhline(50, color=PALETA["referencia"], lw=0.8, ls="--")
    ns = sorted(por_n.index.get_level_values(-1).unique())
    ax2.set_xscale("log", base=2)
    ax2.set_xticks(ns, [str(n) for n in ns])
    ax2.set(title="Exactitud frente al número de etiquetas", xlabel="secuencias etiquetadas (escala log)",
            ylabel="exactitud de prueba (%)", ylim=(45, 102))
    fig.legend(*ax2.get_legend_handles_labels(), loc="outside lower center", ncol=4)
    fig.suptitle("Aleatorias o preentrenadas, congeladas o afinadas", fontweight="bold")
    return fig


# ---------------------------------------------------------------------------- formato de texto
def guardar_vectores_texto(ruta, palabras: Sequence[str], matriz, *, cabecera: bool = False,
                           decimales: int = 6) -> Path:
    """Escribe vectores en el formato de texto de GloVe: ``palabra v1 v2 … vd`` por línea.

    Parameters
    ----------
    ruta : str o pathlib.Path
        Archivo de destino, en UTF-8 (se crean las carpetas que falten).
    palabras : sequence of str, de longitud n
        Sin espacios ni saltos de línea.
    matriz : array_like de forma (n, d)
    cabecera : bool
        Si es cierto, añade la primera línea ``n d`` del formato de texto de
        word2vec.
    decimales : int

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ruta = pathlib.Path(tempfile.mkdtemp()) / "v.txt"
    >>> _ = guardar_vectores_texto(ruta, ["sol", "luna"], [[1, 0.5], [0, -2]])
    >>> ruta.read_text(encoding="utf-8").splitlines()
    ['sol 1.000000 0.500000', 'luna 0.000000 -2.000000']
    """
    if isinstance(matriz, torch.Tensor):
        matriz = matriz.detach().cpu().numpy()
    m = _v.array_finito("matriz", matriz, ndim=2)
    palabras = list(palabras)
    if len(palabras) != m.shape[0]:
        raise ValueError(f"palabras tiene {len(palabras)} elementos y matriz {m.shape[0]} filas; "
                         "deben coincidir.")
    for p in palabras:
        if not isinstance(p, str) or not p or any(c.isspace() for c in p):
            raise ValueError(f"Cada palabra debe ser una cadena no vacía y sin espacios; se recibió {p!r}.")
    decimales = _v.entero_positivo("decimales", decimales, minimo=0)
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    formato = f"{{:.{decimales}f}}"
    lineas = [f"{m.shape[0]} {m.shape[1]}"] if cabecera else []
    lineas += [p + " " + " ".join(formato.format(v) for v in fila) for p, fila in zip(palabras, m)]
    ruta.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return ruta


def _es_cabecera(campos: list[str]) -> bool:
    return len(campos) == 2 and all(c.isdigit() for c in campos)


def _es_numero(texto: str) -> bool:
    try:
        float(texto)
    except ValueError:
        return False
    return True


def cargar_vectores_texto(ruta, vocabulario: Iterable[str] | None = None,
                          dim: int | None = None) -> dict[str, np.ndarray]:
    """Lee vectores de palabras en formato de texto (GloVe o word2vec).

    Cada línea es ``palabra v1 v2 … vd`` separada por espacios, en UTF-8. Si
    la primera línea es ``n d`` (dos enteros, la cabecera del formato de texto
    de word2vec), se usa para comprobar el archivo. Los archivos ``.gz`` se
    leen sin descomprimirlos antes.

    Parameters
    ----------
    ruta : str o pathlib.Path
    vocabulario : iterable of str, opcional
        Si se da, solo se guardan esas palabras: así un archivo de cientos de
        miles de palabras cabe en memoria. Las palabras se comparan tal cual
        (GloVe 6B está en minúsculas: normaliza tu vocabulario igual).
    dim : int, opcional
        Dimensión esperada; por defecto, la de la cabecera o la primera línea.

    Returns
    -------
    dict str → ndarray de forma (d,), float32
        Si una palabra se repite, cuenta su primera aparición.

    Raises
    ------
    FileNotFoundError
        Si el archivo no existe.
    ValueError
        Archivo sin vectores, líneas con otro número de valores, valores no
        numéricos o no finitos, o ``dim`` distinta de la del archivo. El
        mensaje da el número de línea.

    Notes
    -----
    Algunos archivos (GloVe 840B) tienen palabras con espacios dentro: se
    toman los ``d`` últimos campos como el vector y el resto como la palabra,
    salvo que el resto termine en un número, lo que delata una línea con más
    valores de la cuenta.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ruta = pathlib.Path(tempfile.mkdtemp()) / "mini.txt"
    >>> _ = ruta.write_text("2 3\\nbueno 0.1 0.2 0.3\\nmalo -0.1 -0.2 -0.3\\n", encoding="utf-8")
    >>> v = cargar_vectores_texto(ruta)
    >>> sorted(v), v["malo"].dtype, [round(float(x), 2) for x in v["malo"]]
    (['bueno', 'malo'], dtype('float32'), [-0.1, -0.2, -0.3])
    """
    ruta = Path(ruta)
    if not ruta.is_file():
        raise FileNotFoundError(f"No existe el archivo de vectores {ruta}.")
    if dim is not None:
        dim = _v.entero_positivo("dim", dim)
    buscadas = None if vocabulario is None else set(vocabulario)
    if buscadas is not None and not all(isinstance(p, str) for p in buscadas):
        raise TypeError("vocabulario debe contener solo cadenas (str).")
    abrir = gzip.open if ruta.suffix == ".gz" else open
    vectores: dict[str, np.ndarray] = {}
    n_cabecera = None
    leidas = 0
    with abrir(ruta, "rt", encoding="utf-8-sig") as f:
        for numero, linea in enumerate(f, start=1):
            campos = linea.split()
            if not campos:
                continue
            if numero == 1 and _es_cabecera(campos):
                n_cabecera, d_cabecera = int(campos[0]), int(campos[1])
                if dim is not None and dim != d_cabecera:
                    raise ValueError(f"{ruta.name}: la cabecera dice dimensión {d_cabecera} y se pidió "
                                     f"dim={dim}.")
                dim = _v.entero_positivo("la dimensión de la cabecera", d_cabecera)
                continue
            if dim is None:
                dim = len(campos) - 1
                if dim < 1:
                    raise ValueError(f"{ruta.name}, línea {numero}: se esperaba «palabra v1 … vd» y solo "
                                     f"hay un campo ({campos[0]!r}).")
            if len(campos) < dim + 1:
                raise ValueError(f"{ruta.name}, línea {numero}: se esperaban una palabra y {dim} valores; "
                                 f"hay {len(campos) - 1} valores.")
            nombre_campos, valores = campos[:-dim], campos[-dim:]
            if len(nombre_campos) > 1 and _es_numero(nombre_campos[-1]):
                raise ValueError(f"{ruta.name}, línea {numero}: se esperaban una palabra y {dim} valores; "
                                 f"hay {len(campos) - 1} valores.")
            palabra = " ".join(nombre_campos)
            leidas += 1
            if (buscadas is not None and palabra not in buscadas) or palabra in vectores:
                continue
            try:
                vector = np.array(valores, dtype=np.float32)
            except ValueError:
                malo = next(v for v in valores if not _es_numero(v))
                raise ValueError(f"{ruta.name}, línea {numero}: el valor {malo!r} de la palabra "
                                 f"{palabra!r} no es un número.") from None
            if not np.all(np.isfinite(vector)):
                raise ValueError(f"{ruta.name}, línea {numero}: el vector de {palabra!r} tiene valores "
                                 "no finitos (NaN o infinito).")
            vectores[palabra] = vector
    if leidas == 0:
        raise ValueError(f"El archivo {ruta.name} no contiene ningún vector.")
    if n_cabecera is not None and n_cabecera != leidas:
        raise ValueError(f"{ruta.name}: la cabecera anuncia {n_cabecera} vectores y el archivo tiene {leidas}.")
    return vectores


def _indices_vocabulario(vocabulario) -> dict[str, int]:
    if isinstance(vocabulario, Mapping):
        indices = dict(vocabulario)
        valores = list(indices.values())
        if any(isinstance(i, bool) or not isinstance(i, (int, np.integer)) for i in valores):
            raise TypeError("vocabulario debe asignar a cada palabra un índice entero.")
        if sorted(valores) != list(range(len(valores))):
            raise ValueError("Los índices de vocabulario deben ser 0, 1, …, V-1, cada uno una vez.")
    elif isinstance(vocabulario, Sequence) and not isinstance(vocabulario, str):
        indices = {p: i for i, p in enumerate(vocabulario)}
        if len(indices) != len(vocabulario):
            raise ValueError("vocabulario tiene palabras repetidas.")
    else:
        raise TypeError("vocabulario debe ser una lista de palabras (el índice es la posición) o un "
                        f"dict palabra → índice; se recibió {type(vocabulario).__name__}.")
    if not all(isinstance(p, str) for p in indices):
        raise TypeError("Las palabras del vocabulario deben ser cadenas (str).")
    if len(indices) < 2:
        raise ValueError(f"vocabulario debe tener al menos 2 palabras; tiene {len(indices)}.")
    return {p: int(i) for p, i in indices.items()}


def tabla_incrustaciones(vocabulario, vectores: Mapping[str, np.ndarray], *, dim: int | None = None,
                         semilla: int = 0, padding_idx: int | None = PAD,
                         escala: float | None = None) -> tuple[torch.Tensor, torch.Tensor, float]:
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
        raise TypeError(f"vectores debe ser un dict palabra → vector; se recibió {type(vectores).__name__}.")
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
            v = _v.array_finito(f"vectores[{palabra!r}]", vectores[palabra], ndim=1, dtype=np.float32)
            if dim is None:
                dim = v.shape[0]
            if v.shape[0] != dim:
                raise ValueError(f"vectores[{palabra!r}] tiene dimensión {v.shape[0]} y se esperaba {dim}.")
            encontrados[i] = v
    if dim is None:
        if vectores:
            dim = _v.array_finito("el primer vector", next(iter(vectores.values())), ndim=1).shape[0]
        else:
            raise ValueError("dim es obligatoria cuando vectores está vacío.")
    if escala is None:
        escala = float(np.std(np.stack(list(encontrados.values())))) if encontrados else 0.1
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
def clasificador_con_incrustaciones(tabla: torch.Tensor, *, congelar: bool, hidden_size: int = 32,
                                    num_classes: int = 2, num_layers: int = 1, dropout: float = 0.0,
                                    padding_idx: int | None = PAD, semilla: int = 0) -> SentimentLSTM:
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
        raise TypeError(f"congelar debe ser bool; se recibió {type(congelar).__name__}.")
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    fijar_semilla(semilla)
    modelo = SentimentLSTM(tabla.shape[0], tabla.shape[1], hidden_size, num_classes, num_layers=num_layers,
                           dropout=dropout, padding_idx=padding_idx)
    modelo.embedding = nn.Embedding.from_pretrained(tabla.detach().float().clone(), freeze=congelar,
                                                    padding_idx=padding_idx)
    return modelo


def fraccion_vista(referencia: torch.Tensor, secuencias: torch.Tensor, *,
                   padding_idx: int | None = PAD) -> torch.Tensor:
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
    ref = _validar_secuencias("referencia", referencia)
    x = _validar_secuencias("secuencias", secuencias)
    tope = int(max(ref.max(), x.max())) + 1
    vistas = torch.zeros(tope, dtype=torch.bool)
    vistas[ref.reshape(-1)] = True
    reales = torch.ones_like(x, dtype=torch.bool) if padding_idx is None else x != padding_idx  # (N, T)
    aciertos = (vistas[x] & reales).sum(1).float()  # (N,)
    return aciertos / reales.sum(1).clamp_min(1).float()


def entrenar_con_incrustaciones(tabla: torch.Tensor, entrenamiento, validacion=None, *, congelar: bool,
                                epocas: int = 12, lr: float = 1e-2, tam_lote: int = 8, hidden_size: int = 32,
                                dropout: float = 0.0, padding_idx: int | None = PAD, semilla: int = 0,
                                dispositivo="auto") -> tuple[SentimentLSTM, Historial]:
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
    modelo = clasificador_con_incrustaciones(tabla, congelar=congelar, hidden_size=hidden_size, dropout=dropout,
                                             padding_idx=padding_idx, semilla=semilla)
    ent = _como_par(entrenamiento)
    val = None if validacion is None else _como_par(validacion)
    historial = entrenar(modelo, ent, val, perdida=nn.CrossEntropyLoss(), epocas=epocas, tam_lote=tam_lote,
                         lr=lr, recorte_gradiente=1.0, metricas={"exactitud": exactitud}, semilla=semilla,
                         dispositivo=dispositivo, progreso=False)
    return modelo, historial


def comparar_incrustaciones(tablas: Mapping[str, torch.Tensor], entrenamiento, prueba, *, validacion=None,
                            semillas: Sequence[int] = (0,), **opciones):
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
    tablas = {nombre: _validar_tabla(f"tablas[{nombre!r}]", t) for nombre, t in tablas.items()}
    semillas = [_v.entero_positivo("semilla", s, minimo=0) for s in semillas]
    if not semillas:
        raise ValueError("semillas debe tener al menos una semilla.")
    if "semilla" in opciones or "congelar" in opciones:
        raise TypeError("semilla y congelar los fija comparar_incrustaciones: usa semillas=….")
    padding_idx = opciones.get("padding_idx", PAD)
    dispositivo = elegir_dispositivo(opciones.pop("dispositivo", "auto"))
    X_ent = _como_par(entrenamiento)[0]
    X_prueba, y_prueba = _como_par(prueba)
    no_vistas = fraccion_vista(X_ent, X_prueba, padding_idx=padding_idx) == 0  # (N,)
    filas = []
    for nombre, tabla in tablas.items():
        for congelar in (True, False):
            for semilla in semillas:
                modelo, _ = entrenar_con_incrustaciones(tabla, entrenamiento, validacion, congelar=congelar,
                                                        semilla=semilla, dispositivo=dispositivo, **opciones)
                acierto = predecir(modelo, X_prueba, dispositivo=dispositivo).argmax(1) == y_prueba  # (N,)
                filas.append({
                    "incrustaciones": nombre,
                    "modo": "congeladas" if congelar else "afinadas",
                    "semilla": semilla,
                    "exactitud_prueba": float(acierto.float().mean()),
                    "exactitud_no_vistas": (float(acierto[no_vistas].float().mean()) if bool(no_vistas.any())
                                            else float("nan")),
                })
    return pd.DataFrame(filas)
