"""Ejercicio I2: clasificador de texto con convolución 1D frente a la LSTM.

* :class:`ClasificadorConv1d` es la red convolucional para texto (Embedding →
  Conv1d → ReLU → *max-pooling* global en el tiempo → Dropout → Linear), con
  uno o varios tamaños de núcleo en paralelo.
* :func:`campo_receptivo` dice cuántas palabras seguidas ve cada salida de la
  convolución: lo que no quepa en esa ventana, la red no lo puede relacionar.
* :func:`resoluble_con_ventana` marca las secuencias de
  :class:`~rnnbook.SentimientoNegacionDataset` cuya clase se puede decidir
  mirando solo ventanas de ``ancho`` palabras seguidas.
* :func:`medir_clasificador` entrena con el protocolo de la Parte 3
  (:func:`rnnbook.entrenar_sentimiento`) y devuelve exactitud de prueba,
  parámetros y segundos por época: la misma vara para los dos modelos.
"""

from __future__ import annotations

import numbers
import statistics

import torch
from torch import nn

from . import _validacion as _v
from .entrenamiento import evaluar, exactitud
from .parametros import contar_parametros
from .sentimiento import PAD, SentimientoNegacionDataset, _como_par, _validar_tokens, entrenar_sentimiento

__all__ = ["ClasificadorConv1d", "campo_receptivo", "resoluble_con_ventana", "techo_con_ventana",
           "medir_clasificador", "tabla_clasificadores", "figura_cnn_vs_lstm", "figura_campo_receptivo"]


def campo_receptivo(tamano_nucleo: int, capas: int = 1, dilatacion: int = 1) -> int:
    r"""Número de posiciones de la entrada de las que depende una salida de la convolución.

    Para ``capas`` convoluciones apiladas con núcleo :math:`k`, paso 1 y
    dilatación :math:`\delta`, cada capa añade :math:`(k-1)\,\delta`
    posiciones a la ventana:

    .. math:: R = 1 + L\,(k - 1)\,\delta .

    Parameters
    ----------
    tamano_nucleo : int
        Tamaño :math:`k` del núcleo (palabras que mira cada filtro).
    capas : int
        Número :math:`L` de convoluciones apiladas.
    dilatacion : int
        Separación :math:`\delta` entre las posiciones que lee el núcleo.

    Returns
    -------
    int

    Examples
    --------
    >>> campo_receptivo(3), campo_receptivo(3, capas=4), campo_receptivo(3, dilatacion=4)
    (3, 9, 9)
    """
    k = _v.entero_positivo("tamano_nucleo", tamano_nucleo)
    capas = _v.entero_positivo("capas", capas)
    dilatacion = _v.entero_positivo("dilatacion", dilatacion)
    return 1 + capas * (k - 1) * dilatacion


def _tamanos(tamanos_nucleo) -> tuple[int, ...]:
    if isinstance(tamanos_nucleo, numbers.Integral) and not isinstance(tamanos_nucleo, bool):
        tamanos_nucleo = (tamanos_nucleo,)
    if not isinstance(tamanos_nucleo, (tuple, list)):
        raise TypeError("tamanos_nucleo debe ser un entero o una tupla de enteros; "
                        f"se recibió {tamanos_nucleo!r} de tipo {type(tamanos_nucleo).__name__}.")
    if not tamanos_nucleo:
        raise ValueError("tamanos_nucleo debe tener al menos un tamaño de núcleo; se recibió una tupla vacía.")
    return tuple(_v.entero_positivo(f"tamanos_nucleo[{i}]", k) for i, k in enumerate(tamanos_nucleo))


class ClasificadorConv1d(nn.Module):
    r"""Clasificador de texto convolucional: Embedding → Conv1d → ReLU → máximo en el tiempo → Linear.

    Cada rama aplica ``capas`` convoluciones 1D de núcleo :math:`k` (una rama
    por tamaño de ``tamanos_nucleo``, en paralelo, como en Kim, 2014) con
    ``num_filtros`` filtros, relleno con ceros que conserva la longitud T
    (:math:`\lfloor (k-1)\delta/2 \rfloor` a la izquierda y el resto a la
    derecha, como ``padding="same"``) y ReLU. El *max-pooling* global se queda, para cada filtro, con su mayor
    respuesta en toda la secuencia: el resultado tiene tamaño fijo sea cual
    sea T, pero ya no sabe **dónde** apareció cada patrón.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario.
    embed_dim : int
        Dimensión E de cada *embedding* (los canales de entrada de la
        convolución).
    num_classes : int
        Número C de clases.
    num_filtros : int
        Filtros F de cada convolución (canales de salida).
    tamanos_nucleo : int o tuple of int
        Tamaño del núcleo de cada rama; B = ``len(tamanos_nucleo)`` ramas.
    capas : int
        Convoluciones apiladas en cada rama (la primera E → F, las demás F → F).
    dilatacion : int
        Dilatación de todas las convoluciones.
    dropout : float
        *Dropout* sobre los *embeddings* y antes de la capa lineal, como en
        :class:`rnnbook.SentimentLSTM`.
    padding_idx : int o None
        Índice de relleno: su *embedding* es cero y sus posiciones se anulan
        tras cada ReLU, de modo que añadir relleno a cualquier lado de la
        secuencia no cambia la salida.

    Attributes
    ----------
    campo_receptivo : int
        Palabras seguidas que ve cada salida de la rama más ancha
        (:func:`campo_receptivo`).

    Notes
    -----
    Formas, con N ejemplos de longitud T:

    ====================  ==================
    índices ``x``         (N, T), int64
    *embeddings*          (N, T, E)
    entrada de Conv1d     (N, E, T)
    cada convolución      (N, F, T)
    máximo en el tiempo   (N, F) por rama
    concatenación         (N, B·F)
    logits                (N, C)
    ====================  ==================

    ``nn.Conv1d`` trata la **segunda** dimensión como canales y la última
    como el eje que recorre el núcleo; por eso se transponen las dos últimas
    dimensiones de los *embeddings*. La salida del filtro :math:`f` en la
    posición :math:`t` (una capa, núcleo impar) es

    .. math::

       z_{f,t} = \mathrm{ReLU}\Big(b_f + \sum_{j=0}^{k-1} W_{f,:,j}\cdot
                 e_{t + (j - \lfloor k/2 \rfloor)\,\delta}\Big),
       \qquad m_f = \max_t z_{f,t} ,

    así que :math:`z_{f,t}` solo depende de una ventana de
    :func:`campo_receptivo` posiciones. Dos palabras más separadas que eso
    nunca entran juntas en un mismo filtro, y el máximo posterior no puede
    relacionarlas.

    Parámetros: :math:`VE + \sum_{\text{ramas}} \big[(E k + 1) F + (L-1)(F k + 1) F\big] + (B F + 1) C`.

    Examples
    --------
    >>> m = ClasificadorConv1d(1000, 32, 2, num_filtros=64, tamanos_nucleo=3)
    >>> m(torch.ones(5, 20, dtype=torch.long)).shape, m.campo_receptivo
    (torch.Size([5, 2]), 3)
    >>> contar_parametros(m) == 1000 * 32 + (32 * 3 + 1) * 64 + (64 + 1) * 2
    True
    """

    def __init__(self, vocab_size: int, embed_dim: int, num_classes: int, *, num_filtros: int = 64,
                 tamanos_nucleo: int | tuple[int, ...] = (3,), capas: int = 1, dilatacion: int = 1,
                 dropout: float = 0.3, padding_idx: int | None = PAD):
        super().__init__()
        vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        num_classes = _v.entero_positivo("num_classes", num_classes, minimo=2)
        num_filtros = _v.entero_positivo("num_filtros", num_filtros)
        self.tamanos_nucleo = _tamanos(tamanos_nucleo)
        self.capas = _v.entero_positivo("capas", capas)
        self.dilatacion = _v.entero_positivo("dilatacion", dilatacion)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
            if padding_idx >= vocab_size:
                raise ValueError(f"padding_idx debe ser < vocab_size={vocab_size}; se recibió {padding_idx}.")
        self.padding_idx = padding_idx
        self.campo_receptivo = max(campo_receptivo(k, self.capas, self.dilatacion) for k in self.tamanos_nucleo)
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=padding_idx)
        self.ramas = nn.ModuleList(
            nn.ModuleList(nn.Conv1d(embed_dim if capa == 0 else num_filtros, num_filtros, k,
                                    dilation=self.dilatacion) for capa in range(self.capas))
            for k in self.tamanos_nucleo
        )
        # Relleno "same" explícito: ⌊(k-1)δ/2⌋ ceros a la izquierda y el resto a la derecha.
        anchos = [(k - 1) * self.dilatacion for k in self.tamanos_nucleo]
        self._rellenos = [(a // 2, a - a // 2) for a in anchos]
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(num_filtros * len(self.tamanos_nucleo), num_classes)

    def mapas(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Respuestas de los filtros antes del máximo: una por rama, de forma (N, F, T).

        Las posiciones de relleno valen 0.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64

        Returns
        -------
        list of Tensor de forma (N, F, T)
        """
        _validar_tokens(x)
        e = self.dropout(self.embedding(x)).transpose(1, 2)  # (N, E, T): canales en el eje 1
        if self.padding_idx is None:
            mascara = None
        else:
            mascara = (x != self.padding_idx).unsqueeze(1).to(e.dtype)  # (N, 1, T)
        salidas = []
        for rama, relleno in zip(self.ramas, self._rellenos):
            h = e
            for conv in rama:
                h = torch.relu(conv(nn.functional.pad(h, relleno)))  # (N, F, T)
                if mascara is not None:
                    h = h * mascara  # relleno → 0, igual que los ceros que añade F.pad
            salidas.append(h)
        return salidas

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        # ReLU ≥ 0: los ceros del relleno no alteran el máximo
        maximos = [h.amax(dim=2) for h in self.mapas(x)]  # B × (N, F)
        return self.classifier(self.dropout(torch.cat(maximos, dim=1)))  # (N, B·F) → (N, C)


def resoluble_con_ventana(datos: SentimientoNegacionDataset, ancho: int) -> torch.Tensor:
    """Secuencias cuya clase se decide con una ventana de ``ancho`` palabras seguidas.

    En :class:`rnnbook.SentimientoNegacionDataset` con distancia ``d``, el
    «no» está en ``a = p - d``, la palabra negada en ``p`` y la otra palabra
    de sentimiento en ``q``, fuera de ``[a, p]``. Una ventana de ``ancho``
    palabras decide la clase si contiene:

    * el «no» y la palabra negada (``d <= ancho - 1``): la regla misma;
    * el «no» y la otra palabra (``|q - a| <= ancho - 1``): si la otra es
      ``bueno`` la negada es ``malo``, y al revés;
    * las dos palabras de sentimiento (``|q - p| <= ancho - 1``): como la
      otra nunca cae entre el «no» y la negada, si ``d > 1`` la primera de
      las dos es siempre la negada.

    Las dos últimas son atajos del generador, no la regla. En las demás
    secuencias ninguna ventana contiene dos de las tres palabras clave (el
    «no» y las dos de sentimiento), y una ventana con una sola, rodeada de
    palabras neutras al azar, no dice si esa palabra es la negada: un modelo
    que solo vea ventanas de ``ancho`` palabras acierta como mucho
    ``0.5 + 0.5 * resoluble_con_ventana(datos, ancho).float().mean()``.
    No se cuenta la información de los bordes: con relleno, una ventana que
    toca el principio de la secuencia sabe que una palabra de sentimiento en
    las primeras ``d`` posiciones no puede ser la negada.

    Parameters
    ----------
    datos : SentimientoNegacionDataset
    ancho : int
        Palabras seguidas de la ventana (el campo receptivo).

    Returns
    -------
    Tensor de forma (N,), bool

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=200, seed=0, distancia=8)
    >>> bool(resoluble_con_ventana(ds, 9).all()), bool(resoluble_con_ventana(ds, 3).all())
    (True, False)
    """
    if not isinstance(datos, SentimientoNegacionDataset):
        raise TypeError(f"datos debe ser un SentimientoNegacionDataset; se recibió {type(datos).__name__}.")
    ancho = _v.entero_positivo("ancho", ancho)
    p, q = datos.posicion_negada, datos.posicion_otra  # (N,), (N,)
    a = p - datos.distancia  # posición del «no»
    alcance = ancho - 1
    if datos.distancia <= alcance:
        return torch.ones_like(p, dtype=torch.bool)
    return ((q - a).abs() <= alcance) | ((q - p).abs() <= alcance)


def medir_clasificador(modelo: nn.Module, entrenamiento, validacion, prueba, *, epocas: int, lr: float,
                       semilla: int = 0, dispositivo="auto") -> dict:
    """Entrena con :func:`rnnbook.entrenar_sentimiento` y mide lo que compara el ejercicio I2.

    Parameters
    ----------
    modelo : torch.nn.Module
        Recibe índices (N, T) y devuelve logits (N, C).
    entrenamiento, validacion, prueba : Dataset con ``tensores()`` o tuple (X, y)
    epocas : int
    lr : float
    semilla : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    dict
        ``exactitud`` (prueba, en [0, 1], con los pesos de la mejor época de
        validación), ``parametros``, ``segundos_epoca`` (mediana de la columna
        ``segundos`` del historial: entrenamiento más validación de una
        época) e ``historial``.

    Examples
    --------
    >>> from rnnbook import datos_sentimiento
    >>> ent, val, prueba = datos_sentimiento(max_len=5)
    >>> r = medir_clasificador(ClasificadorConv1d(1000, 4, 2, num_filtros=4), ent, val, prueba,
    ...                        epocas=1, lr=1e-2, dispositivo="cpu")
    >>> sorted(r), 0.0 <= r["exactitud"] <= 1.0
    (['exactitud', 'historial', 'parametros', 'segundos_epoca'], True)
    """
    historial = entrenar_sentimiento(modelo, entrenamiento, validacion, epocas=epocas, lr=lr, semilla=semilla,
                                     dispositivo=dispositivo)
    res = evaluar(modelo, _como_par(prueba), metricas={"exactitud": exactitud}, dispositivo=dispositivo)
    return {
        "exactitud": res["exactitud"],
        "parametros": contar_parametros(modelo),
        "segundos_epoca": statistics.median(historial.columna("segundos")),
        "historial": historial,
    }


def techo_con_ventana(datos: SentimientoNegacionDataset, ancho: int) -> float:
    """Exactitud máxima de un modelo que solo mira ventanas de ``ancho`` palabras seguidas.

    Acierta las secuencias que :func:`resoluble_con_ventana` marca y, en las
    demás, adivina (50 %).

    Parameters
    ----------
    datos : SentimientoNegacionDataset
    ancho : int

    Returns
    -------
    float
        En :math:`[0.5, 1]`.

    Examples
    --------
    >>> ds = SentimientoNegacionDataset(n_samples=200, max_len=12, seed=0, distancia=6)
    >>> techo_con_ventana(ds, 7)
    1.0
    """
    return 0.5 + 0.5 * float(resoluble_con_ventana(datos, ancho).float().mean())


def tabla_clasificadores(resultados: dict, *, umbral: float = 0.95):
    """Tabla de la comparación: parámetros, exactitud, época en que se llega al umbral y s/época.

    Parameters
    ----------
    resultados : dict (datos, modelo) → dict
        Salidas de :func:`medir_clasificador`.
    umbral : float
        Exactitud de validación que marca «ya lo ha aprendido».

    Returns
    -------
    pandas.DataFrame
        Con índice (datos, modelo).
    """
    import pandas as pd

    umbral = _v.real_positivo("umbral", umbral)
    if umbral > 1:
        raise ValueError(f"umbral debe estar en (0, 1]; se recibió {umbral}.")
    filas = []
    for (nombre_datos, nombre_modelo), r in resultados.items():
        val = r["historial"].columna("exactitud_validacion")
        filas.append({
            "datos": nombre_datos, "modelo": nombre_modelo, "parámetros": r["parametros"],
            "exactitud de prueba (%)": round(100 * r["exactitud"], 1),
            f"1.ª época con validación ≥ {100 * umbral:.0f} %": next(
                (i + 1 for i, a in enumerate(val) if a >= umbral), "—"),
            "s por época": round(r["segundos_epoca"], 2),
        })
    return pd.DataFrame(filas).set_index(["datos", "modelo"])


def figura_cnn_vs_lstm(resultados: dict, colores: dict, *, datos_curvas: str):
    """Exactitud de prueba por conjunto y modelo, y la validación época a época en un conjunto.

    Parameters
    ----------
    resultados : dict (datos, modelo) → dict
        Salidas de :func:`medir_clasificador`.
    colores : dict modelo → color
        Modelos que se dibujan, en este orden.
    datos_curvas : str
        Conjunto cuyas curvas de validación se muestran a la derecha.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .graficos import PALETA, nueva_figura

    conjuntos = list(dict.fromkeys(d for d, _ in resultados))
    if datos_curvas not in conjuntos:
        raise ValueError(f"datos_curvas debe ser uno de {conjuntos}; se recibió {datos_curvas!r}.")
    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=11, alto=4)
    ancho_barra = 0.27
    for i, nombre_datos in enumerate(conjuntos):
        presentes = [m for m in colores if (nombre_datos, m) in resultados]
        for j, nombre_modelo in enumerate(presentes):
            x = i + (j - (len(presentes) - 1) / 2) * ancho_barra  # barras centradas en su grupo
            ax1.bar(x, 100 * resultados[nombre_datos, nombre_modelo]["exactitud"], width=ancho_barra,
                    color=colores[nombre_modelo], label=nombre_modelo if i == len(conjuntos) - 1 else None)
    ax1.axhline(50, color=PALETA["referencia"], lw=1, ls=":", label="azar")
    ax1.set_xticks(range(len(conjuntos)), conjuntos)
    ax1.set(title="Exactitud de prueba", ylabel="exactitud (%)", ylim=(0, 125), yticks=range(0, 101, 20))
    ax1.legend(loc="upper center", ncol=4)
    for nombre_modelo, color in colores.items():
        if (datos_curvas, nombre_modelo) not in resultados:
            continue
        h = resultados[datos_curvas, nombre_modelo]["historial"]
        ax2.plot(h.columna("epoca"), [100 * a for a in h.columna("exactitud_validacion")], "-o", ms=4,
                 color=color, label=nombre_modelo)
    ax2.axhline(50, color=PALETA["referencia"], lw=1, ls=":")
    ax2.set(title=f"{datos_curvas[:1].upper()}{datos_curvas[1:]}: validación", xlabel="época",
            ylabel="exactitud (%)", ylim=(0, 125), yticks=range(0, 101, 20))
    ax2.legend(loc="upper center", ncol=3)
    fig.suptitle("Convolución 1D frente a LSTM", fontweight="bold")
    return fig


def figura_campo_receptivo(datos: SentimientoNegacionDataset, convoluciones: dict, recurrente: tuple, *,
                           anchos=range(1, 13), titulo: str = "Exactitud de prueba según el campo receptivo"):
    """Exactitud frente al campo receptivo, con el techo de los modelos de ventana fija.

    Parameters
    ----------
    datos : SentimientoNegacionDataset
        Conjunto de prueba con el que se calcula el techo (:func:`techo_con_ventana`).
    convoluciones : dict nombre → (campo receptivo, exactitud, color)
    recurrente : tuple (nombre, exactitud, color)
        El modelo sin ventana, como línea horizontal.
    anchos : iterable of int
        Anchos de ventana del eje horizontal.
    titulo : str

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .graficos import PALETA, nueva_figura

    anchos = [_v.entero_positivo("ancho", a) for a in anchos]
    techos = [100 * techo_con_ventana(datos, w) for w in anchos]
    fig, ax = nueva_figura(ancho=7, alto=4)
    ax.step(anchos, techos, where="mid", color=PALETA["referencia"], label="techo con ventanas de ese ancho")
    for nombre, (campo, acc, color) in convoluciones.items():
        ax.plot(campo, 100 * acc, "o", ms=9, color=color, label=nombre)
    nombre, acc, color = recurrente
    ax.axhline(100 * acc, color=color, ls="--", label=f"{nombre} (sin ventana)")
    ax.set(title=titulo, xlabel="campo receptivo (palabras)",
           ylabel="exactitud de prueba (%)", ylim=(40, 105))
    ax.set_xticks(anchos)
    ax.legend(loc="lower right")
    return fig
