"""El modelo skip-gram con muestreo negativo (ejercicio I1)."""

from __future__ import annotations

import torch
from torch import nn

from .. import validacion as _v
from ..datos.sentimiento import PAD

__all__ = ["SkipGram"]


class SkipGram(nn.Module):
    r"""*Skip-gram* con muestreo negativo: dos tablas de vectores, de centro y de contexto.

    Para un par (centro :math:`c`, contexto :math:`o`) y :math:`K` palabras
    negativas :math:`w_1..w_K` extraídas de :math:`P_n`, el modelo puntúa
    :math:`s_0 = u_c^\top v_o` y :math:`s_k = u_c^\top v_{w_k}`, y
    :func:`perdida_skipgram` minimiza

    .. math:: -\log\sigma(s_0) - \sum_{k=1}^{K} \log\sigma(-s_k) .

    Las palabras que aparecen en contextos parecidos acaban con vectores de
    centro :math:`u` parecidos: esos son los vectores «preentrenados»
    (:meth:`rnnbook.modelos.SkipGram.vectores`).

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

    def __init__(
        self,
        probabilidades: torch.Tensor,
        dim: int,
        negativos: int = 5,
        padding_idx: int | None = PAD,
    ):
        super().__init__()
        p = torch.as_tensor(
            _v.array_finito("probabilidades", probabilidades, ndim=1),
            dtype=torch.float32,
        )
        if p.shape[0] < 2 or bool((p < 0).any()) or float(p.sum()) <= 0:
            raise ValueError(
                "probabilidades debe ser un vector (V,) de al menos 2 valores no negativos "
                "con suma positiva."
            )
        self.vocab_size = int(p.shape[0])
        self.dim = _v.entero_positivo("dim", dim)
        self.negativos = _v.entero_positivo("negativos", negativos)
        if padding_idx is not None:
            padding_idx = _v.entero_positivo("padding_idx", padding_idx, minimo=0)
            if padding_idx >= self.vocab_size:
                raise ValueError(
                    f"padding_idx debe ser < V={self.vocab_size}; se recibió {padding_idx}."
                )
        self.register_buffer("probabilidades", p / p.sum())
        self.centro = nn.Embedding(self.vocab_size, self.dim, padding_idx=padding_idx)
        self.contexto = nn.Embedding(self.vocab_size, self.dim)
        with torch.no_grad():
            self.centro.weight.uniform_(-0.5 / self.dim, 0.5 / self.dim)
            if padding_idx is not None:
                self.centro.weight[padding_idx] = 0.0
            self.contexto.weight.zero_()

    def forward(
        self,
        centros: torch.Tensor,
        contextos: torch.Tensor,
        negativos: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Puntuaciones (N, 1 + K): columna 0 el contexto verdadero, el resto los negativos.

        Parameters
        ----------
        centros, contextos : Tensor de forma (N,), int64
        negativos : Tensor de forma (N, K), opcional
            Si no se da, se extraen de la distribución ``probabilidades``.
        """
        if negativos is None:
            negativos = torch.multinomial(
                self.probabilidades, centros.shape[0] * self.negativos, replacement=True
            ).view(-1, self.negativos)  # (N, K)
        candidatos = torch.cat([contextos.unsqueeze(1), negativos], dim=1)  # (N, 1 + K)
        u = self.centro(centros)  # (N, E)
        v = self.contexto(candidatos)  # (N, 1 + K, E)
        return torch.einsum("ne,nke->nk", u, v)  # (N, 1 + K)

    def vectores(self) -> torch.Tensor:
        """Copia de los vectores de centro, forma (V, E), en la CPU."""
        return self.centro.weight.detach().cpu().clone()
