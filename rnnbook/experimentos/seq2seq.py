"""Parte 4: codificador–decodificador (seq2seq) y atención aditiva."""

from __future__ import annotations

import torch
from torch.nn import functional as F

from .. import validacion as _v
from ..datos.digitos import FIN_DIGITOS, PAD_DIGITOS, TareaDigitos
from ..entorno import fijar_semilla
from ..entrenamiento import entrenar, evaluar
from ..modelos.seq2seq import Seq2Seq

__all__ = [
    "paso_teacher_forcing",
    "perdida_secuencias",
    "exactitud_secuencias",
    "exactitud_tokens",
    "decodificar_voraz",
    "entrenar_seq2seq",
    "evaluar_seq2seq",
    "exactitud_por_longitud",
    "texto_digitos",
    "tabla_ejemplos",
]


# ------------------------------------------------------------- pérdida y métricas
def paso_teacher_forcing(
    modelo: Seq2Seq, entradas: tuple[torch.Tensor, ...], objetivos: torch.Tensor
):
    """``paso_forward`` para :func:`rnnbook.entrenar`: *teacher forcing* al entrenar, voraz al evaluar.

    Al entrenar, el paso :math:`t` del decodificador recibe el token correcto
    :math:`y_{t-1}`; al evaluar (``modelo.eval()``) recibe el que él mismo
    predijo. ``entradas`` es ``(src (N, S, V), longitudes (N,))``, o solo
    ``(src,)`` si todas las entradas tienen la misma longitud; ``objetivos``
    tiene forma (N, T). En modo ``eval()`` solo se usa la **forma** de
    ``objetivos``.
    """
    src, longitudes = entradas if len(entradas) == 2 else (*entradas, None)
    return modelo(
        src,
        objetivos.shape[1],
        objetivos if modelo.training else None,
        longitudes=longitudes,
        teacher_forcing=modelo.training,
    )


def perdida_secuencias(salida: torch.Tensor, objetivo: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media sobre los pasos que no son :data:`PAD_DIGITOS`.

    Parameters
    ----------
    salida : Tensor de forma (N, T, V)
        *Logits*.
    objetivo : Tensor de forma (N, T), int64

    Examples
    --------
    >>> p = perdida_secuencias(torch.zeros(1, 2, 4), torch.tensor([[2, PAD_DIGITOS]]))
    >>> float(p) == float(torch.log(torch.tensor(4.0)))  # solo cuenta el paso que no es relleno
    True
    """
    if salida.ndim != 3 or salida.shape[:2] != objetivo.shape:
        raise ValueError(
            f"salida debe tener forma {tuple(objetivo.shape)} + (V,); se recibió {tuple(salida.shape)}."
        )
    return F.cross_entropy(
        salida.reshape(-1, salida.shape[-1]),
        objetivo.reshape(-1),
        ignore_index=PAD_DIGITOS,
    )


def exactitud_secuencias(salida: torch.Tensor, objetivo: torch.Tensor) -> float:
    """Fracción de secuencias con **todos** los pasos no-PAD correctos (incluido :data:`FIN_DIGITOS`).

    Examples
    --------
    >>> s = F.one_hot(torch.tensor([[3, 1, 0], [3, 4, 1]]), 5).float()
    >>> exactitud_secuencias(s, torch.tensor([[3, 1, PAD_DIGITOS], [3, 1, PAD_DIGITOS]]))
    0.5
    """
    if salida.shape[:-1] != objetivo.shape:
        raise ValueError(
            f"salida debe tener forma {tuple(objetivo.shape)} + (V,); se recibió {tuple(salida.shape)}."
        )
    aciertos = (salida.argmax(-1) == objetivo) | (objetivo == PAD_DIGITOS)  # (N, T)
    return float(aciertos.all(dim=1).float().mean())


def exactitud_tokens(salida: torch.Tensor, objetivo: torch.Tensor) -> float:
    """Fracción de pasos no-PAD acertados."""
    if salida.shape[:-1] != objetivo.shape:
        raise ValueError(
            f"salida debe tener forma {tuple(objetivo.shape)} + (V,); se recibió {tuple(salida.shape)}."
        )
    validos = objetivo != PAD_DIGITOS
    return float(
        ((salida.argmax(-1) == objetivo) & validos).sum() / validos.sum().clamp(min=1)
    )


@torch.no_grad()
def decodificar_voraz(
    modelo: Seq2Seq,
    src: torch.Tensor,
    longitudes: torch.Tensor | None = None,
    max_len: int = 11,
) -> list[list[int]]:
    """Decodificación voraz: en cada paso el ``argmax``, hasta :data:`FIN_DIGITOS` o ``max_len`` pasos.

    Parameters
    ----------
    modelo : Seq2Seq
    src : Tensor de forma (N, S, D)
    longitudes : Tensor de forma (N,), opcional
    max_len : int
        Pasos como máximo.

    Returns
    -------
    list of list of int
        Para cada secuencia, los índices emitidos **sin** :data:`FIN_DIGITOS`; una
        lista de longitud ``max_len`` si nunca se emitió :data:`FIN_DIGITOS`.
    """
    max_len = _v.entero_positivo("max_len", max_len)
    estaba = modelo.training
    modelo.eval()
    try:
        tokens = modelo(src, max_len, longitudes=longitudes).argmax(-1).cpu()  # (N, T)
    finally:
        modelo.train(estaba)
    resultado = []
    for fila in tokens.tolist():
        resultado.append(
            fila[: fila.index(FIN_DIGITOS)] if FIN_DIGITOS in fila else fila
        )
    return resultado


# -------------------------------------------------------------------- experimento
def entrenar_seq2seq(
    modelo: Seq2Seq,
    ent: TareaDigitos,
    val: TareaDigitos,
    *,
    epocas: int = 10,
    tam_lote: int = 64,
    lr: float = 1e-2,
    recorte_gradiente: float = 1.0,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
    progreso: bool = False,
):
    """Entrena con *teacher forcing* mediante :func:`rnnbook.entrenar` y valida en modo voraz.

    La validación usa :func:`exactitud_secuencias` con decodificación voraz
    (sin ver el objetivo) y se restaura la época con mejor exactitud.

    Returns
    -------
    Historial
    """
    fijar_semilla(semilla)
    return entrenar(
        modelo,
        (ent.entradas(), ent.objetivo),
        (val.entradas(), val.objetivo),
        perdida=perdida_secuencias,
        epocas=epocas,
        tam_lote=tam_lote,
        lr=lr,
        recorte_gradiente=recorte_gradiente,
        metricas={
            "exactitud_secuencia": exactitud_secuencias,
            "exactitud_token": exactitud_tokens,
        },
        monitor="exactitud_secuencia_validacion",
        modo="max",
        paso_forward=paso_teacher_forcing,
        dispositivo=dispositivo,
        semilla=semilla,
        progreso=progreso,
    )


def evaluar_seq2seq(
    modelo: Seq2Seq,
    datos: TareaDigitos,
    *,
    teacher_forcing: bool = False,
    dispositivo: str | torch.device = "auto",
) -> dict[str, float]:
    """Exactitud de secuencia y de *token* de ``modelo`` en ``datos``.

    Parameters
    ----------
    modelo : Seq2Seq
    datos : TareaDigitos
    teacher_forcing : bool
        ``False`` (lo honesto): decodificación voraz, el modelo se alimenta de
        sus propias predicciones. ``True``: cada paso recibe el prefijo
        correcto, una cifra optimista que no existe al generar.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    dict
        ``{"exactitud_secuencia": float, "exactitud_token": float}``.
    """
    if not isinstance(datos, TareaDigitos):
        raise TypeError(
            f"datos debe ser un TareaDigitos; se recibió {type(datos).__name__}."
        )
    if not isinstance(teacher_forcing, bool):
        raise TypeError(
            f"teacher_forcing debe ser bool; se recibió {type(teacher_forcing).__name__}."
        )

    def paso(m, entradas, objetivos):
        src, lon = entradas
        return m(
            src,
            objetivos.shape[1],
            objetivos if teacher_forcing else None,
            longitudes=lon,
            teacher_forcing=teacher_forcing,
        )

    return evaluar(
        modelo,
        (datos.entradas(), datos.objetivo),
        paso_forward=paso,
        dispositivo=dispositivo,
        metricas={
            "exactitud_secuencia": exactitud_secuencias,
            "exactitud_token": exactitud_tokens,
        },
    )


def exactitud_por_longitud(
    modelo: Seq2Seq,
    prueba: TareaDigitos,
    *,
    teacher_forcing: bool = False,
    dispositivo: str | torch.device = "auto",
):
    """Exactitud de secuencia en ``prueba`` agrupada por longitud de la entrada.

    Parameters
    ----------
    modelo : Seq2Seq
    prueba : TareaDigitos
    teacher_forcing : bool
        Como en :func:`evaluar_seq2seq`.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    pandas.Series
        Índice ``longitud``; valores en [0, 1].
    """
    import pandas as pd

    if not isinstance(prueba, TareaDigitos):
        raise TypeError(
            f"prueba debe ser un TareaDigitos; se recibió {type(prueba).__name__}."
        )
    filas = {}
    for L in sorted(set(prueba.longitudes.tolist())):
        sub = prueba.subconjunto(prueba.longitudes == L)
        filas[L] = evaluar_seq2seq(
            modelo, sub, teacher_forcing=teacher_forcing, dispositivo=dispositivo
        )["exactitud_secuencia"]
    return pd.Series(filas, name="exactitud_secuencia").rename_axis("longitud")


def texto_digitos(tokens) -> str:
    """Cadena legible de una secuencia de índices (sin relleno ni lo que sigue a :data:`FIN_DIGITOS`).

    Examples
    --------
    >>> texto_digitos([5, 2, 11, FIN_DIGITOS, PAD_DIGITOS])
    '309'
    """
    texto = []
    for t in tokens.tolist() if isinstance(tokens, torch.Tensor) else list(tokens):
        if t == FIN_DIGITOS:
            break
        if t != PAD_DIGITOS:
            texto.append(str(int(t) - 2))
    return "".join(texto)


def tabla_ejemplos(
    modelo: Seq2Seq,
    datos: TareaDigitos,
    indices,
    *,
    dispositivo: str | torch.device = "auto",
):
    """Entrada, objetivo y salida voraz de algunos ejemplos, como tabla.

    Returns
    -------
    pandas.DataFrame
        Columnas ``entrada``, ``objetivo``, ``salida`` y ``acierto``.
    """
    import pandas as pd

    from ..entorno import elegir_dispositivo

    dev = elegir_dispositivo(dispositivo)
    sub = datos.subconjunto(torch.as_tensor(indices))
    src, lon = sub.entradas()
    salidas = decodificar_voraz(
        modelo.to(dev), src.to(dev), lon.to(dev), max_len=sub.objetivo.shape[1]
    )
    filas = []
    for i in range(len(sub)):
        objetivo = texto_digitos(sub.objetivo[i])
        salida = texto_digitos(salidas[i])
        filas.append(
            {
                "entrada": texto_digitos(sub.fuente[i]),
                "objetivo": objetivo,
                "salida": salida,
                "acierto": salida == objetivo
                and len(salidas[i]) < sub.objetivo.shape[1],
            }
        )
    return pd.DataFrame(filas)
