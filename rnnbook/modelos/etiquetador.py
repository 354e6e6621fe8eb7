"""Un etiquetador recurrente de PyTorch (una clase por paso) para la BPTT truncada (ejercicio A1)."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v
from ..modelos.clasificador import TIPOS_RECURRENTES, normalizar_tipo

__all__ = ["EtiquetadorRecurrente"]


# --------------------------------------------------------------------------- PyTorch
class EtiquetadorRecurrente(nn.Module):
    """Muchos a muchos: capa recurrente + capa lineal en **cada** paso.

    Parameters
    ----------
    tipo : {"RNN", "LSTM", "GRU"}
        Capa recurrente (``nn.RNN`` con :math:`\\tanh`, ``nn.LSTM`` o ``nn.GRU``).
    input_size : int
        Dimensión D de la entrada.
    hidden_size : int
        Dimensión H del estado.
    num_clases : int
        Clases C de cada paso.

    Notes
    -----
    :meth:`avanzar` recibe y devuelve el estado, para seguir una secuencia
    trozo a trozo; :meth:`forward` empieza siempre desde cero y devuelve solo
    los logits, de modo que el modelo sirve tal cual a :func:`rnnbook.evaluar`.

    Examples
    --------
    >>> m = EtiquetadorRecurrente("lstm", 1, 8, 2)
    >>> logits, (h, c) = m.avanzar(torch.zeros(3, 5, 1))
    >>> tuple(logits.shape), tuple(h.shape), tuple(m(torch.zeros(3, 5, 1)).shape)
    ((3, 5, 2), (1, 3, 8), (3, 5, 2))
    """

    def __init__(self, tipo: str, input_size: int, hidden_size: int, num_clases: int):
        super().__init__()
        self.tipo = normalizar_tipo(tipo)
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_clases = _v.entero_positivo("num_clases", num_clases)
        self.rnn = TIPOS_RECURRENTES[self.tipo](
            input_size, hidden_size, batch_first=True
        )
        self.fc = nn.Linear(hidden_size, num_clases)

    def avanzar(self, x: torch.Tensor, estado=None):
        """Recorre un trozo desde ``estado``.

        Parameters
        ----------
        x : Tensor de forma (N, k, D)
        estado : Tensor (1, N, H), tupla ``(h, c)`` (LSTM) o None
            Estado con el que empieza el trozo; ``None`` es cero.

        Returns
        -------
        logits : Tensor de forma (N, k, C)
        estado : el estado final, de la misma clase que el de entrada
        """
        if (
            not isinstance(x, torch.Tensor)
            or x.ndim != 3
            or x.shape[-1] != self.input_size
        ):
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(
                f"x debe ser un Tensor de forma (N, k, {self.input_size}); se recibió {forma}."
            )
        salida, estado = self.rnn(x, estado)  # (N, k, H)
        return self.fc(salida), estado  # (N, k, C)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, T, C) desde el estado cero."""
        return self.avanzar(x)[0]
