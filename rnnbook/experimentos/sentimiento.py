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
  orden (media de las incrustaciones → Linear).

:func:`ejecutar_sentimiento` entrena con los valores del libro y escribe en
una carpeta el modelo, las métricas y la figura ``lstm_sentimiento.png``.
"""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v
from ..entrenamiento import Historial, entrenar, exactitud
from ..modelos.sentimiento import HIPERPARAMETROS_SENTIMIENTO

__all__ = ["entrenar_sentimiento", "como_par"]

#: Épocas que usa el libro (la guía usa 10; desde la 3.ª ya no hay nada que aprender).
EPOCAS_LIBRO = 5


def entrenar_sentimiento(
    modelo: nn.Module,
    entrenamiento,
    validacion,
    *,
    epocas: int = EPOCAS_LIBRO,
    lr: float | None = None,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = False,
) -> Historial:
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
        return torch.optim.lr_scheduler.StepLR(
            o, step_size=h["paso_lr"], gamma=h["gamma_lr"]
        )

    return entrenar(
        modelo,
        como_par(entrenamiento),
        como_par(validacion),
        perdida=nn.CrossEntropyLoss(),
        epocas=epocas,
        tam_lote=h["tam_lote"],
        lr=lr,
        optimizador=optimizador,
        planificador=planificador,
        recorte_gradiente=h["recorte_gradiente"],
        metricas={"exactitud": exactitud},
        metricas_entrenamiento=True,
        dispositivo=dispositivo,
        semilla=semilla,
        progreso=progreso,
    )


def como_par(datos):
    if hasattr(datos, "tensores"):
        return datos.tensores()
    return datos
