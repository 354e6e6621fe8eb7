"""Parte 3: clasificación de sentimiento con LSTM.

Dos conjuntos de datos sintéticos y dos modelos:

* :class:`SentimentDataset` es el de la guía (la mitad alta del vocabulario
  es «positiva», la baja «negativa»), con el índice 0 reservado para el
  relleno: en la guía el token 0 era a la vez una palabra negativa y el
  ``padding_idx`` de la capa ``Embedding``, así que su vector nunca aprendía.
* :class:`SentimientoNegacionDataset` es una variante en la que el **orden**
  decide la clase: una negación («no») invierte la palabra que la sigue.
* :class:`SentimentLSTM` es el clasificador de la guía (Embedding → LSTM →
  Dropout → Linear) y :class:`BolsaEmbeddings` la referencia que ignora el
  orden (media de los *embeddings* → Linear).

:func:`ejecutar_sentimiento` entrena con los valores del libro y escribe en
una carpeta el modelo, las métricas y la figura ``lstm_sentimiento.png``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import Dataset

from . import _validacion as _v
from .parametros import contar_parametros
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla
from .entrenamiento import Historial, entrenar, evaluar, exactitud, guardar_modelo
from .graficos import PALETA, guardar_figura, nueva_figura

__all__ = [
    "PAD",
    "NEGACION",
    "HIPERPARAMETROS_SENTIMIENTO",
    "SentimentDataset",
    "SentimientoNegacionDataset",
    "SentimentLSTM",
    "BolsaEmbeddings",
    "datos_sentimiento",
    "datos_negacion",
    "crear_sentiment_lstm",
    "entrenar_sentimiento",
    "figura_curvas_sentimiento",
    "ejecutar_sentimiento",
]

#: Índice reservado para el relleno (nunca es una palabra real).
PAD = 0
#: Token de negación («no») de :class:`SentimientoNegacionDataset`.
NEGACION = 1

#: Hiperparámetros de la guía (§3.1) para el modelo y su entrenamiento.
HIPERPARAMETROS_SENTIMIENTO = {
    "vocab_size": 1000,
    "embed_dim": 64,
    "hidden_size": 128,
    "num_classes": 2,
    "num_layers": 2,
    "dropout": 0.3,
    "max_len": 30,
    "tam_lote": 32,
    "lr": 1e-3,
    "weight_decay": 1e-4,
    "paso_lr": 5,
    "gamma_lr": 0.5,
    "recorte_gradiente": 1.0,
}

#: Épocas que usa el libro (la guía usa 10; desde la 3.ª ya no hay nada que aprender).
EPOCAS_LIBRO = 5




# ---------------------------------------------------------------------------- datos
class SentimentDataset(Dataset):
    """Datos sintéticos de sentimiento de la guía, con el relleno corregido.

    Cada secuencia tiene ``max_len`` tokens, todos de la misma mitad del
    vocabulario: clase 1 (positiva) en ``[vocab_size // 2, vocab_size)``,
    clase 0 (negativa) en ``[1, vocab_size // 2)``. El índice 0 (:data:`PAD`)
    queda reservado para el relleno.

    Parameters
    ----------
    n_samples : int
        Número N de secuencias.
    max_len : int
        Longitud T de cada secuencia.
    vocab_size : int
        Tamaño V del vocabulario (al menos 4).
    seed : int
        Semilla del generador propio (no se toca el estado global).

    Attributes
    ----------
    data : Tensor de forma (N, T), int64
        Índices de tokens.
    labels : Tensor de forma (N,), int64
        Clases 0/1.

    Notes
    -----
    .. note::
       En la guía los negativos salían de ``[0, V/2)``, de modo que el token 0
       era una palabra real **y** el ``padding_idx`` del ``Embedding``: su
       vector quedaba fijo en cero y sin gradiente. Aquí las palabras
       empiezan en 1.

    Cada token basta por sí solo para conocer la clase: por eso la tarea es
    trivial para cualquier modelo, también para uno que ignore el orden.

    Examples
    --------
    >>> ds = SentimentDataset(n_samples=6, max_len=5, seed=0)
    >>> ds.data.shape, len(ds), int(ds.data.min()) >= 1
    (torch.Size([6, 5]), 6, True)
    >>> x, y = ds[0]
    >>> bool(((x >= 500) == bool(y)).all())
    True
    """

    def __init__(self, n_samples: int = 1000, max_len: int = 30, vocab_size: int = 1000, seed: int = 42):
        n_samples = _v.entero_positivo("n_samples", n_samples)
        max_len = _v.entero_positivo("max_len", max_len)
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=4)
        seed = _v.entero_positivo("seed", seed, minimo=0)
        rng = np.random.default_rng(seed)
        clases = rng.integers(0, 2, size=n_samples)  # (N,)
        mitad = self.vocab_size // 2
        bajo = np.where(clases == 1, mitad, 1)[:, None]  # (N, 1)
        alto = np.where(clases == 1, self.vocab_size, mitad)[:, None]  # (N, 1)
        tokens = rng.integers(bajo, alto, size=(n_samples, max_len))  # (N, T)
        self.data = torch.from_numpy(tokens.astype(np.int64))
        self.labels = torch.from_numpy(clases.astype(np.int64))

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def __getitem__(self, idx):
        return self.data[idx], self.labels[idx]

    def tensores(self) -> tuple[torch.Tensor, torch.Tensor]:
        """El par ``(data, labels)`` que recibe :func:`rnnbook.entrenar`."""
        return self.data, self.labels


class SentimientoNegacionDataset(Dataset):
    """Variante en la que el orden de las palabras decide el sentimiento.

    Vocabulario: :data:`PAD` (0), :data:`NEGACION` (1, «no»), ``L`` palabras
    positivas ``[2, 2 + L)``, ``L`` negativas ``[2 + L, 2 + 2L)`` y el resto,
    neutras. Cada secuencia tiene relleno neutro, **una** palabra positiva,
    **una** negativa y una negación ``distancia`` posiciones antes de una de
    las dos (por defecto, justo delante), que invierte su polaridad:

    * «no» delante de la negativa → dos positivas → clase 1;
    * «no» delante de la positiva → dos negativas → clase 0.

    Las dos clases contienen exactamente el mismo multiconjunto de palabras
    (una positiva, una negativa, un «no» y relleno): cualquier modelo que
    ignore el orden, como :class:`BolsaEmbeddings`, se queda en el azar.

    Con ``distancia = d > 1``, entre el «no» y la palabra que invierte solo
    hay ``d - 1`` palabras neutras: la otra palabra de sentimiento nunca cae
    en medio, así que la regla también se lee «el no invierte la siguiente
    palabra de sentimiento».

    Parameters
    ----------
    n_samples : int
        Número N de secuencias.
    max_len : int
        Longitud T (al menos 3).
    vocab_size : int
        Tamaño V del vocabulario.
    palabras_por_polaridad : int
        ``L``, palabras positivas (y negativas) distintas.
    seed : int
        Semilla del generador propio.
    distancia : int
        Posiciones ``d`` entre el «no» y la palabra negada (``max_len`` debe
        ser al menos ``d + 2``). Con el valor por defecto, 1, los datos son
        los de siempre.

    Attributes
    ----------
    data : Tensor de forma (N, T), int64
    labels : Tensor de forma (N,), int64
    posicion_negada : Tensor de forma (N,), int64
        Posición de la palabra negada; el «no» está ``distancia`` posiciones antes.
    posicion_otra : Tensor de forma (N,), int64
        Posición de la otra palabra de sentimiento.

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=4, max_len=6, seed=1)
    >>> bool(((ds.data == NEGACION).sum(1) == 1).all())
    True
    >>> ds.decodificar(ds.data[0]).count("no ")
    1
    >>> lejos = SentimientoNegacionDataset(n_samples=4, max_len=12, seed=1, distancia=5)
    >>> bool((lejos.data[range(4), lejos.posicion_negada - 5] == NEGACION).all())
    True
    """

    def __init__(self, n_samples: int = 1000, max_len: int = 20, vocab_size: int = 1000,
                 palabras_por_polaridad: int = 10, seed: int = 0, distancia: int = 1):
        n_samples = _v.entero_positivo("n_samples", n_samples)
        self.distancia = d = _v.entero_positivo("distancia", distancia)
        max_len = _v.entero_positivo("max_len", max_len, minimo=d + 2)
        self.palabras_por_polaridad = L = _v.entero_positivo("palabras_por_polaridad", palabras_por_polaridad)
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2 + 2 * L + 1)
        seed = _v.entero_positivo("seed", seed, minimo=0)
        self.inicio_neutras = 2 + 2 * L
        rng = np.random.default_rng(seed)
        N, T = n_samples, max_len
        tokens = rng.integers(self.inicio_neutras, self.vocab_size, size=(N, T))  # relleno neutro (N, T)
        clases = rng.integers(0, 2, size=N)  # (N,)
        positiva = rng.integers(2, 2 + L, size=N)  # (N,)
        negativa = rng.integers(2 + L, 2 + 2 * L, size=N)  # (N,)
        negada = np.where(clases == 1, negativa, positiva)  # la que sigue a «no»
        otra = np.where(clases == 1, positiva, negativa)
        p = rng.integers(d, T, size=N)  # posición de la palabra negada; «no» va en p - d
        r = rng.integers(0, T - d - 1, size=N)  # la otra palabra, fuera de [p - d, p]
        q = np.where(r < p - d, r, r + d + 1)
        filas = np.arange(N)
        tokens[filas, p - d] = NEGACION
        tokens[filas, p] = negada
        tokens[filas, q] = otra
        self.data = torch.from_numpy(tokens.astype(np.int64))
        self.labels = torch.from_numpy(clases.astype(np.int64))
        self.posicion_negada = torch.from_numpy(p.astype(np.int64))
        self.posicion_otra = torch.from_numpy(q.astype(np.int64))

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def __getitem__(self, idx):
        return self.data[idx], self.labels[idx]

    def tensores(self) -> tuple[torch.Tensor, torch.Tensor]:
        """El par ``(data, labels)`` que recibe :func:`rnnbook.entrenar`."""
        return self.data, self.labels

    def invertir(self, i: int) -> tuple[torch.Tensor, int]:
        """La secuencia ``i`` con sus dos palabras de sentimiento intercambiadas.

        La negación pasa a preceder a la otra palabra, así que la clase se
        invierte, pero las palabras son exactamente las mismas.

        Returns
        -------
        secuencia : Tensor de forma (T,)
        clase : int
        """
        i = _v.entero_positivo("i", i, minimo=0)
        if i >= len(self):
            raise ValueError(f"i debe estar en [0, {len(self) - 1}]; se recibió {i}.")
        x = self.data[i].clone()
        p, q = int(self.posicion_negada[i]), int(self.posicion_otra[i])
        x[p], x[q] = self.data[i, q], self.data[i, p]
        return x, 1 - int(self.labels[i])

    def polaridad(self, token: int) -> int:
        """+1 si ``token`` es positivo, −1 si es negativo y 0 en otro caso."""
        L = self.palabras_por_polaridad
        if 2 <= token < 2 + L:
            return 1
        if 2 + L <= token < 2 + 2 * L:
            return -1
        return 0

    def decodificar(self, secuencia) -> str:
        """Texto legible de una secuencia: ``no``, ``bueno_k``, ``malo_k``, ``w<índice>``."""
        L = self.palabras_por_polaridad
        palabras = []
        for tok in np.asarray(secuencia).tolist():
            if tok == PAD:
                palabras.append("·")
            elif tok == NEGACION:
                palabras.append("no")
            elif self.polaridad(tok) == 1:
                palabras.append(f"bueno_{tok - 2}")
            elif self.polaridad(tok) == -1:
                palabras.append(f"malo_{tok - 2 - L}")
            else:
                palabras.append(f"w{tok}")
        return " ".join(palabras)


def datos_sentimiento(*, max_len: int = 30, vocab_size: int = 1000):
    """Entrenamiento, validación y prueba de la §3.1: 800 / 200 / 1000 secuencias.

    Las dos primeras usan las semillas de la guía (42 y 123); la prueba,
    que la guía no tenía, usa la semilla 2024.

    Returns
    -------
    tuple of SentimentDataset
        ``(entrenamiento, validacion, prueba)``.
    """
    return (SentimentDataset(800, max_len, vocab_size, seed=42),
            SentimentDataset(200, max_len, vocab_size, seed=123),
            SentimentDataset(1000, max_len, vocab_size, seed=2024))


def datos_negacion(*, max_len: int = 20, vocab_size: int = 1000, palabras_por_polaridad: int = 10,
                   distancia: int = 1):
    """Entrenamiento, validación y prueba de la variante con negación: 1000 / 400 / 1000.

    Parameters
    ----------
    max_len, vocab_size, palabras_por_polaridad, distancia : int
        Como en :class:`SentimientoNegacionDataset`.

    Returns
    -------
    tuple of SentimientoNegacionDataset
    """
    kw = dict(max_len=max_len, vocab_size=vocab_size, palabras_por_polaridad=palabras_por_polaridad,
              distancia=distancia)
    return (SentimientoNegacionDataset(1000, seed=1, **kw),
            SentimientoNegacionDataset(400, seed=2, **kw),
            SentimientoNegacionDataset(1000, seed=3, **kw))


# ---------------------------------------------------------------------------- modelos
def _validar_tokens(x: torch.Tensor) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"La entrada debe ser un Tensor de índices; se recibió {type(x).__name__}.")
    if x.ndim != 2 or x.dtype not in (torch.int64, torch.int32):
        raise ValueError(
            "La entrada debe ser un Tensor de enteros de forma (N, T); "
            f"se recibió forma {tuple(x.shape)} y dtype {x.dtype}."
        )


class SentimentLSTM(nn.Module):
    r"""Clasificador de texto muchos-a-uno: Embedding → LSTM → Dropout → Linear.

    Con los argumentos de la guía (``1000, 64, 128, 2``, dos capas) tiene
    295 682 parámetros.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario.
    embed_dim : int
        Dimensión E de cada *embedding*.
    hidden_size : int
        Dimensión H del estado oculto.
    num_classes : int
        Número C de clases.
    num_layers : int
        Capas LSTM apiladas.
    dropout : float
        Probabilidad de *dropout* sobre los *embeddings*, entre capas LSTM y
        antes del clasificador.
    bidirectional : bool
        LSTM bidireccional.
    padding_idx : int o None
        Índice de relleno del ``Embedding`` (vector fijo en cero).

    Notes
    -----
    La salida usa el último estado :math:`h_T` de la última capa. Para una
    red unidireccional es ``lstm_out[:, -1, :]``; para una bidireccional se
    concatenan los estados **finales** de cada sentido, ``h_n[-2]`` (hacia
    delante, tras leer toda la secuencia) y ``h_n[-1]`` (hacia atrás, tras
    leerla de derecha a izquierda). La guía usaba ``lstm_out[:, -1, :]``
    también en el caso bidireccional, cuya mitad hacia atrás solo ha visto
    el último token.

    .. math::

       \text{parámetros} = V E + \sum_{\ell} 4\,(H\,d_\ell + H^2 + 2H) + (H d + 1)\,C

    con :math:`d_1 = E`, :math:`d_\ell = dH` en las capas superiores y
    :math:`d` el número de sentidos.

    Examples
    --------
    >>> m = SentimentLSTM(1000, 64, 128, 2)
    >>> contar_parametros(m)
    295682
    >>> m(torch.ones(3, 7, dtype=torch.long)).shape
    torch.Size([3, 2])
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, num_classes: int,
                 num_layers: int = 2, dropout: float = 0.3, bidirectional: bool = False,
                 padding_idx: int | None = PAD):
        super().__init__()
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        if not isinstance(bidirectional, bool):
            raise TypeError(f"bidirectional debe ser bool; se recibió {type(bidirectional).__name__}.")
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
            if padding_idx >= self.vocab_size:
                raise ValueError(f"padding_idx debe ser < vocab_size={self.vocab_size}; se recibió {padding_idx}.")
        self.bidirectional = bidirectional
        self.num_dir = 2 if bidirectional else 1
        self.embedding = nn.Embedding(self.vocab_size, embed_dim, padding_idx=padding_idx)
        self.lstm = nn.LSTM(embed_dim, self.hidden_size, num_layers=self.num_layers, batch_first=True,
                            dropout=dropout if self.num_layers > 1 else 0.0, bidirectional=bidirectional)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(self.hidden_size * self.num_dir, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        _validar_tokens(x)
        embebidos = self.dropout(self.embedding(x))  # (N, T, E)
        salida, (h_n, _) = self.lstm(embebidos)  # (N, T, d·H), h_n: (capas·d, N, H)
        if self.bidirectional:
            ultimo = torch.cat([h_n[-2], h_n[-1]], dim=-1)  # (N, 2H): finales de cada sentido
        else:
            ultimo = salida[:, -1, :]  # (N, H), igual a h_n[-1]
        return self.classifier(self.dropout(ultimo))  # (N, C)


class BolsaEmbeddings(nn.Module):
    r"""Referencia sin orden: media de los *embeddings* de la secuencia → Linear.

    .. math:: \bar e = \frac{1}{|\{t: x_t \neq \text{PAD}\}|}\sum_{t:\,x_t \neq \text{PAD}} E[x_t],
              \qquad \text{logits} = W \bar e + b

    Permutar la secuencia no cambia la salida.

    Parameters
    ----------
    vocab_size, embed_dim, num_classes : int
    padding_idx : int o None
        Los tokens de relleno no cuentan en la media.

    Examples
    --------
    >>> m = BolsaEmbeddings(50, 8, 2)
    >>> x = torch.tensor([[3, 4, 5]])
    >>> bool(torch.allclose(m(x), m(x.flip(1))))
    True
    """

    def __init__(self, vocab_size: int, embed_dim: int, num_classes: int, padding_idx: int | None = PAD):
        super().__init__()
        vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
        self.padding_idx = padding_idx
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.classifier = nn.Linear(embed_dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        _validar_tokens(x)
        e = self.embedding(x)  # (N, T, E)
        if self.padding_idx is None:
            media = e.mean(dim=1)  # (N, E)
        else:
            mascara = (x != self.padding_idx).unsqueeze(-1).to(e.dtype)  # (N, T, 1)
            media = (e * mascara).sum(1) / mascara.sum(1).clamp_min(1.0)  # (N, E)
        return self.classifier(media)  # (N, C)


def crear_sentiment_lstm(semilla: int = 0, **cambios) -> SentimentLSTM:
    """:class:`SentimentLSTM` con los hiperparámetros de la guía, iniciado con ``semilla``.

    Parameters
    ----------
    semilla : int
        Semilla de la inicialización de los pesos.
    **cambios
        Argumentos de :class:`SentimentLSTM` que cambian respecto a la guía.

    Examples
    --------
    >>> contar_parametros(crear_sentiment_lstm(0))
    295682
    """
    h = HIPERPARAMETROS_SENTIMIENTO
    args = dict(vocab_size=h["vocab_size"], embed_dim=h["embed_dim"], hidden_size=h["hidden_size"],
                num_classes=h["num_classes"], num_layers=h["num_layers"], dropout=h["dropout"])
    args.update(cambios)
    fijar_semilla(semilla)
    return SentimentLSTM(**args)


def entrenar_sentimiento(modelo: nn.Module, entrenamiento, validacion, *, epocas: int = EPOCAS_LIBRO,
                         lr: float | None = None, semilla: int = 0, dispositivo="auto",
                         progreso: bool | None = False) -> Historial:
    """Entrena un clasificador con el protocolo de la guía (§3.1).

    Adam (``lr=1e-3``, ``weight_decay=1e-4``), ``StepLR`` (cada 5 épocas, ×0.5),
    recorte de gradiente a norma 1, lotes de 32 y entropía cruzada, mediante
    :func:`rnnbook.entrenar`. La exactitud se mide en entrenamiento (por lote,
    como la guía) y en validación. Se conservan los pesos de la época con
    menor pérdida de validación.

    Parameters
    ----------
    modelo : torch.nn.Module
        Recibe índices (N, T) y devuelve logits (N, C).
    entrenamiento, validacion : Dataset con ``tensores()`` o tuple (X, y)
    epocas : int
    lr : float, opcional
        Tasa de aprendizaje; por defecto la de la guía.
    semilla : int
    dispositivo : {"auto", "cpu", "cuda"}
    progreso : bool o None

    Returns
    -------
    Historial
    """
    h = HIPERPARAMETROS_SENTIMIENTO
    lr = h["lr"] if lr is None else _v.real_positivo("lr", lr)

    def optimizador(p):
        return torch.optim.Adam(p, lr=lr, weight_decay=h["weight_decay"])

    def planificador(o):
        return torch.optim.lr_scheduler.StepLR(o, step_size=h["paso_lr"], gamma=h["gamma_lr"])

    return entrenar(modelo, _como_par(entrenamiento), _como_par(validacion), perdida=nn.CrossEntropyLoss(),
                    epocas=epocas, tam_lote=h["tam_lote"], lr=lr, optimizador=optimizador,
                    planificador=planificador, recorte_gradiente=h["recorte_gradiente"],
                    metricas={"exactitud": exactitud}, metricas_entrenamiento=True,
                    dispositivo=dispositivo, semilla=semilla, progreso=progreso)


def _como_par(datos):
    if hasattr(datos, "tensores"):
        return datos.tensores()
    return datos


# ---------------------------------------------------------------------------- figuras
def figura_curvas_sentimiento(historiales, *, titulo: str = "LSTM: análisis de sentimiento"):
    """Pérdida y exactitud por época, en entrenamiento (continua) y validación (discontinua).

    Parameters
    ----------
    historiales : Historial o dict nombre → Historial
        Uno o varios entrenamientos; con ``metricas_entrenamiento`` se dibuja
        también la exactitud de entrenamiento.
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(historiales, Historial):
        historiales = {"LSTM": historiales}
    if not isinstance(historiales, dict) or not historiales:
        raise TypeError("historiales debe ser un Historial o un dict no vacío nombre → Historial.")
    for nombre, h in historiales.items():
        if not isinstance(h, Historial) or not h.epocas:
            raise TypeError(f"historiales[{nombre!r}] debe ser un Historial con al menos una época.")
    colores = [PALETA["lstm"], PALETA["referencia"], PALETA["gru"], PALETA["bilstm"]]
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4)
    for i, (nombre, h) in enumerate(historiales.items()):
        c = colores[i % len(colores)]
        ep = h.columna("epoca")
        sufijo = f" ({nombre})" if len(historiales) > 1 else ""
        ax1.plot(ep, h.columna("perdida_entrenamiento"), "-o", color=c, ms=4, label="entrenamiento" + sufijo)
        ax1.plot(ep, h.columna("perdida_validacion"), "--s", color=c, ms=4, label="validación" + sufijo)
        if "exactitud_entrenamiento" in h.epocas[0]:
            ax2.plot(ep, [100 * a for a in h.columna("exactitud_entrenamiento")], "-o", color=c, ms=4,
                     label="entrenamiento" + sufijo)
        ax2.plot(ep, [100 * a for a in h.columna("exactitud_validacion")], "--s", color=c, ms=4,
                 label="validación" + sufijo)
    ax1.set(title="Pérdida por época", xlabel="época", ylabel="entropía cruzada (nats)")
    ax2.set(title="Exactitud por época", xlabel="época", ylabel="exactitud (%)")
    ax2.axhline(50, color=PALETA["referencia"], lw=0.8, ls=":")
    for ax in (ax1, ax2):
        ax.legend()
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(titulo, fontweight="bold")
    return fig


# ------------------------------------------------------------------------ línea de órdenes
def ejecutar_sentimiento(salida, *, dispositivo="auto", epocas: int | None = None, semilla: int = 0,
                         progreso: bool = False) -> dict:
    """Tarea ``sentimiento`` de la línea de órdenes: entrena, evalúa y guarda.

    Escribe en ``salida`` ``modelo_sentimiento.pth`` (``state_dict``),
    ``metricas_sentimiento.json`` y ``lstm_sentimiento.png``. Con los valores
    por defecto reproduce las cifras del libro.

    Parameters
    ----------
    salida : str o pathlib.Path
        Carpeta de destino (se crea si no existe).
    dispositivo : {"auto", "cpu", "cuda"}
    epocas : int, opcional
        Por defecto, las del libro (5).
    semilla : int
    progreso : bool

    Returns
    -------
    dict
        Las métricas escritas en el JSON: ``test_accuracy``, ``val_accuracy``,
        ``parametros``, ``epocas``, ``segundos``, ``dispositivo``,
        ``historial``…
    """
    salida = Path(salida)
    epocas = EPOCAS_LIBRO if epocas is None else _v.entero_positivo("epocas", epocas)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    disp = elegir_dispositivo(dispositivo)
    salida.mkdir(parents=True, exist_ok=True)
    ent, val, prueba = datos_sentimiento()
    modelo = crear_sentiment_lstm(semilla)
    h = entrenar_sentimiento(modelo, ent, val, epocas=epocas, semilla=semilla, dispositivo=disp, progreso=progreso)
    res = evaluar(modelo, prueba.tensores(), perdida=nn.CrossEntropyLoss(), metricas={"exactitud": exactitud},
                  dispositivo=disp)
    guardar_modelo(modelo, salida / "modelo_sentimiento.pth")
    fig = figura_curvas_sentimiento(h)
    guardar_figura(fig, salida / "lstm_sentimiento.png")
    import matplotlib.pyplot as plt

    plt.close(fig)
    mejor = h.epocas[(h.mejor_epoca or len(h.epocas)) - 1]
    metricas = {
        "tarea": "sentimiento",
        "modelo": "SentimentLSTM",
        "parametros": contar_parametros(modelo),
        "epocas": len(h.epocas),
        "mejor_epoca": h.mejor_epoca,
        "semilla": semilla,
        "dispositivo": describir_dispositivo(disp),
        "segundos": h.segundos,
        "test_accuracy": res["exactitud"],
        "test_loss": res["perdida"],
        "val_accuracy": mejor["exactitud_validacion"],
        "n_entrenamiento": len(ent),
        "n_validacion": len(val),
        "n_prueba": len(prueba),
        "historial": h.epocas,
    }
    (salida / "metricas_sentimiento.json").write_text(json.dumps(metricas, ensure_ascii=False, indent=2),
                                                       encoding="utf-8")
    return metricas
