"""Modelos pequeños del ejercicio B2: un clasificador de la suma y una sonda lineal."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .. import validacion as _v

__all__ = ["ClasificadorSuma", "SondaLineal", "coeficiente_r2"]


# ----------------------------------------------------------------------- modelos
class ClasificadorSuma(nn.Module):
    r"""Regresión logística sobre la suma temporal: un modelo que ya sabe integrar.

    No tiene memoria que aprender: calcula :math:`S = \sum_t x_t` (la suma
    está escrita en el código) y aplica una capa lineal,
    :math:`\text{logits} = W S + b`. Es la referencia de lo que una red
    recurrente podría conseguir si integrara sin error.

    Parameters
    ----------
    input_size : int
        Dimensión D de cada paso.
    num_clases : int
        Número C de clases.

    Examples
    --------
    >>> m = ClasificadorSuma()
    >>> sum(p.numel() for p in m.parameters())
    4
    >>> m(torch.zeros(3, 7, 1)).shape
    torch.Size([3, 2])
    """

    def __init__(self, input_size: int = 1, num_clases: int = 2):
        super().__init__()
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.num_clases = _v.entero_positivo("num_clases", num_clases)
        self.fc = nn.Linear(self.input_size, self.num_clases)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para una entrada de forma (N, T, D): la suma sobre T, luego la capa lineal."""
        if x.ndim != 3 or x.shape[2] != self.input_size:
            raise ValueError(
                f"ClasificadorSuma espera secuencias de forma (N, T, {self.input_size}); "
                f"se recibió {tuple(x.shape)}."
            )
        suma = x.sum(dim=1)  # (N, D): S = Σ_t x_t
        return self.fc(suma)  # (N, C)


class SondaLineal:
    r"""Regresión lineal con intercepto y una pequeña penalización *ridge*.

    Una sonda responde a «¿está esta magnitud **linealmente** disponible en
    el estado?»: si una combinación lineal :math:`\hat s = w^\top z + b` de
    las componentes del estado reproduce la magnitud en datos nuevos, la red
    la guarda de forma legible para una capa lineal, como la de salida.

    Parameters
    ----------
    ridge : float
        Penalización :math:`\lambda \ge 0`: se minimiza
        :math:`\frac1M\sum_m (s_m - w^\top z_m - b)^2 + \lambda \sum_j \sigma_j^2 w_j^2`,
        con :math:`\sigma_j` la desviación típica de la componente :math:`j`
        de :math:`z`; es decir, la penalización *ridge* usual sobre las
        componentes estandarizadas, que no depende de la escala del estado.
        El intercepto no se penaliza.

    Attributes
    ----------
    w : ndarray de forma (H,)
    b : float

    Examples
    --------
    >>> Z = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 0.5]])
    >>> s = 3 * Z[:, 0] - Z[:, 1] + 0.5
    >>> sonda = SondaLineal(ridge=0.0).ajustar(Z, s)
    >>> np.round(sonda.w, 6).tolist(), round(sonda.b, 6), round(sonda.r2(Z, s), 6)
    ([3.0, -1.0], 0.5, 1.0)
    """

    def __init__(self, ridge: float = 1e-4):
        self.ridge = _v.real_positivo("ridge", ridge, permitir_cero=True)
        self.w: np.ndarray | None = None
        self.b: float | None = None

    def _datos(self, Z, s=None):
        Z = _v.array_finito("Z", Z, ndim=2, dtype=np.float64)
        if self.w is not None and Z.shape[1] != self.w.shape[0]:
            raise ValueError(
                f"Z debe tener {self.w.shape[0]} columnas, como al ajustar; se recibió forma {Z.shape}."
            )
        if s is None:
            return Z
        s = _v.array_finito("s", s, forma=(Z.shape[0],), dtype=np.float64)
        return Z, s

    def ajustar(self, Z, s) -> SondaLineal:
        """Ajusta la sonda a ``Z`` (M, H) y ``s`` (M,); devuelve ``self``."""
        self.w = None
        Z, s = self._datos(Z, s)
        if Z.shape[0] < 2:
            raise ValueError(
                f"Hacen falta al menos 2 ejemplos para ajustar la sonda; se recibieron {Z.shape[0]}."
            )
        z_media, s_media = Z.mean(axis=0), s.mean()  # (H,), escalar
        escala = Z.std(
            axis=0
        )  # (H,) la penalización actúa sobre componentes estandarizadas
        escala[escala == 0] = 1.0
        Zs = (
            Z - z_media
        ) / escala  # (M, H) centrado: el intercepto queda fuera de la penalización
        A = Zs.T @ Zs / Z.shape[0] + self.ridge * np.eye(Z.shape[1])  # (H, H)
        self.w = (
            np.linalg.lstsq(A, Zs.T @ (s - s_media) / Z.shape[0], rcond=None)[0]
            / escala
        )  # (H,)
        self.b = float(s_media - z_media @ self.w)
        return self

    def predecir(self, Z) -> np.ndarray:
        r"""Predicción :math:`\hat s` de forma (M,) para ``Z`` de forma (M, H)."""
        if self.w is None:
            raise ValueError("La sonda no está ajustada: llama antes a ajustar(Z, s).")
        return self._datos(Z) @ self.w + self.b

    def r2(self, Z, s) -> float:
        r"""Coeficiente de determinación :math:`R^2 = 1 - \sum (s - \hat s)^2 / \sum (s - \bar s)^2`."""
        Z, s = self._datos(Z, s)
        return float(coeficiente_r2(s, self.predecir(Z)))


def coeficiente_r2(s: np.ndarray, s_hat: np.ndarray, axis=None):
    residuo = ((s - s_hat) ** 2).sum(axis=axis)
    total = ((s - s.mean(axis=axis, keepdims=axis is not None)) ** 2).sum(axis=axis)
    return 1.0 - residuo / total
