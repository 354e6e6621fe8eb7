"""Ejercicio I3: codificador–decodificador que resume una frase en sus 5 palabras más importantes.

Usa el :class:`~rnnbook.Seq2Seq` de la Parte 4 (con o sin atención), el motor
:func:`rnnbook.entrenar` con *teacher forcing* solo al entrenar, y la
decodificación voraz para evaluar.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from ..datos.resumen import (
    IMPORTANCIA_RESUMEN,
    TAM_VOCAB_RESUMEN,
    TareaResumen,
)
from ..entorno import elegir_dispositivo, fijar_semilla
from ..entrenamiento import Historial, entrenar, evaluar
from ..modelos.seq2seq import Decoder, DecoderAtencion, Encoder, Seq2Seq
from .seq2seq import paso_teacher_forcing

__all__ = [
    "crear_seq2seq_resumen",
    "perdida_resumen",
    "exactitud_palabras",
    "exactitud_resumenes",
    "entrenar_resumen",
    "evaluar_resumen",
    "predecir_resumen",
    "resumen_primeras_contenido",
    "ejemplos_resumen",
]


def crear_seq2seq_resumen(
    hidden_size: int = 64, *, atencion: bool = False, semilla: int = 0
) -> Seq2Seq:
    """:class:`~rnnbook.Seq2Seq` para :class:`~rnnbook.datos.TareaResumen`: entrada y salida *one-hot* de tamaño V = 30.

    Examples
    --------
    >>> crear_seq2seq_resumen(16, atencion=True).con_atencion
    True
    """
    fijar_semilla(semilla)
    V = TAM_VOCAB_RESUMEN
    decoder = DecoderAtencion(V, hidden_size) if atencion else Decoder(V, hidden_size)
    return Seq2Seq(Encoder(V, hidden_size), decoder, V)


def perdida_resumen(salida: torch.Tensor, objetivo: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media sobre las K palabras de cada resumen.

    Parameters
    ----------
    salida : Tensor de forma (N, K, V)
    objetivo : Tensor de forma (N, K), int64
    """
    if salida.ndim != 3 or salida.shape[:2] != objetivo.shape:
        raise ValueError(
            f"salida debe tener forma {tuple(objetivo.shape)} + (V,); "
            f"se recibió {tuple(salida.shape)}."
        )
    return F.cross_entropy(salida.reshape(-1, salida.shape[-1]), objetivo.reshape(-1))


def exactitud_palabras(salida: torch.Tensor, objetivo: torch.Tensor) -> float:
    """Fracción de palabras del resumen acertadas en su posición.

    Examples
    --------
    >>> exactitud_palabras(F.one_hot(torch.tensor([[1, 2], [3, 0]]), 4).float(),
    ...                    torch.tensor([[1, 2], [3, 3]]))
    0.75
    """
    return float((salida.argmax(-1) == objetivo).float().mean())


def exactitud_resumenes(salida: torch.Tensor, objetivo: torch.Tensor) -> float:
    """Fracción de resúmenes con las K palabras correctas y en orden.

    Examples
    --------
    >>> exactitud_resumenes(F.one_hot(torch.tensor([[1, 2], [3, 0]]), 4).float(),
    ...                     torch.tensor([[1, 2], [3, 3]]))
    0.5
    """
    return float((salida.argmax(-1) == objetivo).all(dim=1).float().mean())


_METRICAS = {
    "exactitud_resumen": exactitud_resumenes,
    "exactitud_palabra": exactitud_palabras,
}


def _comprobar_tarea(nombre: str, datos) -> TareaResumen:
    if not isinstance(datos, TareaResumen):
        raise TypeError(
            f"{nombre} debe ser un TareaResumen; se recibió {type(datos).__name__}."
        )
    return datos


def entrenar_resumen(
    modelo: Seq2Seq,
    ent: TareaResumen,
    val: TareaResumen,
    *,
    epocas: int = 15,
    tam_lote: int = 64,
    lr: float = 1e-2,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
) -> Historial:
    """Entrena con *teacher forcing* mediante :func:`rnnbook.entrenar`.

    AdamW, recorte del gradiente a norma 1 y, como la validación decodifica
    de forma voraz (:func:`~rnnbook.experimentos.paso_teacher_forcing` en modo ``eval()``), se conservan los
    pesos de la época con mejor exactitud de resumen en validación.

    Returns
    -------
    Historial
    """
    _comprobar_tarea("ent", ent)
    _comprobar_tarea("val", val)
    fijar_semilla(semilla)
    return entrenar(
        modelo,
        ((ent.entradas(),), ent.objetivo),
        ((val.entradas(),), val.objetivo),
        perdida=perdida_resumen,
        epocas=epocas,
        tam_lote=tam_lote,
        optimizador=lambda p: torch.optim.AdamW(p, lr=lr, weight_decay=1e-4),
        recorte_gradiente=1.0,
        metricas=_METRICAS,
        monitor="exactitud_resumen_validacion",
        modo="max",
        restaurar_mejor=True,
        paso_forward=paso_teacher_forcing,
        dispositivo=dispositivo,
        semilla=semilla,
        progreso=False,
    )


def evaluar_resumen(
    modelo: nn.Module, datos: TareaResumen, *, dispositivo="auto"
) -> dict[str, float]:
    """Exactitud de resumen y de palabra con decodificación **voraz** (sin *teacher forcing*).

    Returns
    -------
    dict
        ``{"exactitud_resumen": float, "exactitud_palabra": float}``.
    """
    _comprobar_tarea("datos", datos)
    return evaluar(
        modelo,
        ((datos.entradas(),), datos.objetivo),
        paso_forward=paso_teacher_forcing,
        metricas=_METRICAS,
        dispositivo=dispositivo,
    )


@torch.no_grad()
def predecir_resumen(
    modelo: Seq2Seq, datos: TareaResumen, *, dispositivo="auto"
) -> torch.Tensor:
    """Resúmenes de ``datos`` con decodificación voraz, forma (N, K), en la CPU."""
    _comprobar_tarea("datos", datos)
    dev = elegir_dispositivo(dispositivo)
    estaba = modelo.training
    modelo.eval().to(dev)
    try:
        salida = modelo(datos.entradas().to(dev), datos.objetivo.shape[1])
    finally:
        modelo.train(estaba)
    return salida.argmax(-1).cpu()  # (N, K)


def resumen_primeras_contenido(datos: TareaResumen) -> torch.Tensor:
    """Referencia sin aprendizaje: las K **primeras** palabras de contenido de cada frase.

    Sabe qué palabras son funcionales, pero no su importancia relativa: acierta
    cuando las palabras de contenido que sobran están al final de la frase.

    Returns
    -------
    Tensor de forma (N, K), int64

    Examples
    --------
    >>> from rnnbook.datos import crear_tarea_resumen
    >>> t = crear_tarea_resumen(50, contenido_min=5, contenido_max=5)
    >>> bool((resumen_primeras_contenido(t) == t.objetivo).all())  # con 5, es la regla
    True
    """
    _comprobar_tarea("datos", datos)
    K = datos.objetivo.shape[1]
    es_contenido = IMPORTANCIA_RESUMEN[datos.fuente] > 0  # (N, S)
    filas = []
    for fila, marca in zip(datos.fuente, es_contenido):
        filas.append(fila[marca][:K])
    return torch.stack(filas)  # (N, K)


def ejemplos_resumen(
    modelos: dict, datos: TareaResumen, indices, *, dispositivo="auto"
):
    """Frase, resumen correcto y resumen voraz de cada modelo para algunos ejemplos.

    Parameters
    ----------
    modelos : dict nombre → Seq2Seq
    datos : TareaResumen
    indices : secuencia de int

    Returns
    -------
    pandas.DataFrame
        Columnas ``frase``, ``resumen correcto`` y una por modelo; una salida
        distinta de la correcta va marcada con ✗.
    """
    import pandas as pd

    _comprobar_tarea("datos", datos)
    sub = datos.subconjunto(torch.as_tensor(indices))
    tabla = {
        "frase": [sub.texto(f) for f in sub.fuente],
        "resumen correcto": [sub.texto(o) for o in sub.objetivo],
    }
    for nombre, modelo in modelos.items():
        pred = predecir_resumen(modelo, sub, dispositivo=dispositivo)  # (n, K)
        tabla[nombre] = [
            sub.texto(p) + ("" if bool((p == o).all()) else " ✗")
            for p, o in zip(pred, sub.objetivo)
        ]
    return pd.DataFrame(tabla)
