"""Codificador, decodificador y atención aditiva (parte 4).

:class:`~rnnbook.Encoder`, :class:`~rnnbook.Decoder` y :class:`~rnnbook.Seq2Seq`
con la firma de la guía; :class:`AtencionAditiva` y :class:`DecoderAtencion`
con máscara de relleno.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .. import validacion as _v
from ..datos.digitos import TAM_VOCAB_DIGITOS, mascara_padding

__all__ = [
    "Encoder",
    "Decoder",
    "AtencionAditiva",
    "DecoderAtencion",
    "Seq2Seq",
    "crear_seq2seq_digitos",
]


def _validar_longitudes(longitudes, N: int, S: int) -> torch.Tensor:
    if not isinstance(longitudes, torch.Tensor) or longitudes.dtype not in (
        torch.int64,
        torch.int32,
    ):
        raise TypeError(
            f"longitudes debe ser un Tensor de enteros de forma (N,); se recibió {type(longitudes).__name__}"
            + (
                f" con dtype {longitudes.dtype}"
                if isinstance(longitudes, torch.Tensor)
                else ""
            )
            + "."
        )
    if tuple(longitudes.shape) != (N,):
        raise ValueError(
            f"longitudes debe tener forma ({N},); se recibió forma {tuple(longitudes.shape)}."
        )
    if N and (int(longitudes.min()) < 1 or int(longitudes.max()) > S):
        raise ValueError(
            f"longitudes debe estar en [1, {S}] (S = longitud de src); "
            f"se recibió el rango [{int(longitudes.min())}, {int(longitudes.max())}]."
        )
    return longitudes


# ---------------------------------------------------------------------------- modelos
class Encoder(nn.Module):
    """Codificador LSTM: lee la secuencia de entrada (API de la guía, §4.3).

    Parameters
    ----------
    input_size : int
        Dimensión D de cada paso de la entrada.
    hidden_size : int
        Tamaño H del estado.
    num_layers : int
        Capas LSTM apiladas.

    Examples
    --------
    >>> enc = Encoder(10, 64)
    >>> sum(p.numel() for p in enc.parameters())
    19456
    >>> h, c = enc(torch.zeros(4, 15, 10)); h.shape
    torch.Size([1, 4, 64])
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1):
        super().__init__()
        self.input_size = _v.entero_positivo("input_size", input_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)

    def codificar(self, x: torch.Tensor, longitudes: torch.Tensor | None = None):
        """Lee ``x`` y devuelve todas las salidas y el estado final.

        Parameters
        ----------
        x : Tensor de forma (N, S, D)
        longitudes : Tensor de forma (N,), opcional
            Longitud real de cada secuencia. Si se da, la LSTM recorre solo los
            pasos reales (``pack_padded_sequence``): el estado final es el del
            último elemento real, no el del relleno, y las salidas en el relleno
            son cero.

        Returns
        -------
        salidas : Tensor de forma (N, S, H)
            Estados de la última capa en cada paso (la memoria de la atención).
        hidden, cell : Tensor de forma (capas, N, H)
            Estado final: el **vector de contexto** del modelo sin atención.
        """
        if (
            not isinstance(x, torch.Tensor)
            or x.ndim != 3
            or x.shape[-1] != self.input_size
        ):
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(
                f"x debe tener forma (N, S, {self.input_size}); se recibió {forma}."
            )
        if longitudes is None:
            salidas, (hidden, cell) = self.lstm(x)  # (N, S, H), (L, N, H)
            return salidas, hidden, cell
        _validar_longitudes(longitudes, x.shape[0], x.shape[1])
        empaquetada = pack_padded_sequence(
            x, longitudes.cpu(), batch_first=True, enforce_sorted=False
        )
        salidas, (hidden, cell) = self.lstm(empaquetada)
        salidas, _ = pad_packed_sequence(
            salidas, batch_first=True, total_length=x.shape[1]
        )  # (N, S, H)
        return salidas, hidden, cell

    def forward(self, x: torch.Tensor, longitudes: torch.Tensor | None = None):
        """Estado final ``(hidden, cell)``, cada uno de forma (capas, N, H), como en la guía."""
        _, hidden, cell = self.codificar(x, longitudes)
        return hidden, cell


class Decoder(nn.Module):
    """Decodificador LSTM: genera la salida paso a paso (API de la guía, §4.3).

    Parameters
    ----------
    output_size : int
        Dimensión O de la salida; la entrada de cada paso tiene la misma
        dimensión (el *token* anterior en *one-hot*).
    hidden_size : int
        Tamaño H del estado (igual al del codificador).
    num_layers : int

    Examples
    --------
    >>> sum(p.numel() for p in Decoder(5, 64).parameters())
    18501
    """

    def __init__(self, output_size: int, hidden_size: int, num_layers: int = 1):
        super().__init__()
        self.output_size = _v.entero_positivo("output_size", output_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        self.lstm = nn.LSTM(output_size, hidden_size, num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_size, output_size)

    def forward_step(self, x_t: torch.Tensor, hidden: torch.Tensor, cell: torch.Tensor):
        """Un paso: entrada (N, 1, O) y estado (capas, N, H) → ``(pred (N, O), hidden, cell)``."""
        salida, (hidden, cell) = self.lstm(x_t, (hidden, cell))  # (N, 1, H)
        return self.fc(salida.squeeze(1)), hidden, cell  # (N, O)


class AtencionAditiva(nn.Module):
    r"""Atención aditiva :cite:p:`bahdanau2015attention` con máscara de relleno.

    Parameters
    ----------
    hidden_decoder : int
        Tamaño del estado del decodificador, :math:`H_d`.
    hidden_encoder : int
        Tamaño de cada salida del codificador, :math:`H_e`.
    dim_atencion : int
        Dimensión A del espacio donde se comparan.

    Notes
    -----
    Con el estado del decodificador :math:`s` y las salidas del codificador
    :math:`h_1, \dots, h_S`:

    .. math::

        e_j = v^\top \tanh(W_s s + W_h h_j + b), \qquad
        \alpha_j = \frac{\exp e_j}{\sum_{k:\,m_k} \exp e_k}, \qquad
        c = \sum_j \alpha_j h_j .

    Las posiciones de relleno (:math:`m_j` falso) reciben
    :math:`e_j = -\infty` antes del *softmax*, así que su peso es
    **exactamente** 0 y el contexto no depende de lo que haya en ellas.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> att = AtencionAditiva(4, 6, 5)
    >>> c, a = att(torch.randn(2, 4), torch.randn(2, 3, 6), torch.tensor([[1, 1, 0], [1, 1, 1]]).bool())
    >>> c.shape, a[0, 2].item(), round(a.sum(1).tolist()[1], 6)
    (torch.Size([2, 6]), 0.0, 1.0)
    """

    def __init__(self, hidden_decoder: int, hidden_encoder: int, dim_atencion: int):
        super().__init__()
        self.hidden_decoder = _v.entero_positivo("hidden_decoder", hidden_decoder)
        self.hidden_encoder = _v.entero_positivo("hidden_encoder", hidden_encoder)
        self.dim_atencion = _v.entero_positivo("dim_atencion", dim_atencion)
        self.W_s = nn.Linear(hidden_decoder, dim_atencion, bias=False)
        self.W_h = nn.Linear(hidden_encoder, dim_atencion)
        self.v = nn.Linear(dim_atencion, 1, bias=False)

    def _validar(self, s, memoria, mascara) -> None:
        """Las formas de :meth:`forward`, comprobadas antes de las ecuaciones."""
        if s.ndim != 2 or s.shape[1] != self.hidden_decoder:
            raise ValueError(
                f"s debe tener forma (N, {self.hidden_decoder}); "
                f"se recibió {tuple(s.shape)}."
            )
        if (
            memoria.ndim != 3
            or memoria.shape[0] != s.shape[0]
            or memoria.shape[2] != self.hidden_encoder
        ):
            raise ValueError(
                f"memoria debe tener forma ({s.shape[0]}, S, {self.hidden_encoder}); "
                f"se recibió {tuple(memoria.shape)}."
            )
        if mascara is None:
            return
        forma = tuple(memoria.shape[:2])  # (N, S), la de la energía
        if mascara.dtype != torch.bool or tuple(mascara.shape) != forma:
            raise ValueError(
                f"mascara debe ser un Tensor bool de forma {forma}; se recibió "
                f"{tuple(mascara.shape)} con dtype {mascara.dtype}."
            )
        if not bool(mascara.any(dim=1).all()):
            raise ValueError(
                "mascara: cada fila necesita al menos una posición real (True)."
            )

    def claves(self, memoria: torch.Tensor) -> torch.Tensor:
        """:math:`W_h h_j + b` para toda la memoria (N, S, H_e) → (N, S, A); se calcula una vez por secuencia."""
        return self.W_h(memoria)

    def forward(
        self,
        s: torch.Tensor,
        memoria: torch.Tensor,
        mascara: torch.Tensor | None = None,
        claves: torch.Tensor | None = None,
    ):
        """Contexto y pesos de atención.

        Parameters
        ----------
        s : Tensor de forma (N, H_d)
            Estado del decodificador.
        memoria : Tensor de forma (N, S, H_e)
            Salidas del codificador.
        mascara : Tensor bool de forma (N, S), opcional
            ``True`` en las posiciones reales; cada fila necesita al menos una.
        claves : Tensor de forma (N, S, A), opcional
            :meth:`claves` ya calculadas.

        Returns
        -------
        contexto : Tensor de forma (N, H_e)
        pesos : Tensor de forma (N, S)
            No negativos, suman 1 por fila y valen 0 en el relleno.
        """
        self._validar(s, memoria, mascara)
        if claves is None:
            claves = self.claves(memoria)  # (N, S, A)
        consulta = self.W_s(s)[:, None, :]  # (N, 1, A)
        energia = self.v(torch.tanh(consulta + claves)).squeeze(-1)  # (N, S)
        if mascara is not None:  # el relleno no compite: exp(-inf) = 0
            energia = energia.masked_fill(~mascara, float("-inf"))
        pesos = torch.softmax(energia, dim=1)  # (N, S); exp(-inf) = 0 exactamente
        contexto = torch.bmm(pesos[:, None, :], memoria).squeeze(1)  # (N, H_e)
        return contexto, pesos


class DecoderAtencion(nn.Module):
    r"""Decodificador LSTM con atención aditiva sobre las salidas del codificador.

    En cada paso :math:`t`: (1) se atiende a la memoria con el estado
    anterior :math:`s_{t-1}` (la última capa), lo que da el contexto
    :math:`c_t`; (2) la LSTM recibe :math:`[y_{t-1}; c_t]`; (3) la salida se
    predice con :math:`[s_t; c_t]`.

    Parameters
    ----------
    output_size : int
        Dimensión O de la salida (y de la entrada de cada paso).
    hidden_size : int
        Tamaño H del estado (igual al del codificador).
    dim_atencion : int, opcional
        Dimensión A de la atención (por defecto H).
    num_layers : int

    Examples
    --------
    >>> dec = DecoderAtencion(12, 16)
    >>> pred, h, c, a = dec.forward_step(torch.zeros(2, 1, 12), torch.zeros(1, 2, 16), torch.zeros(1, 2, 16),
    ...                                  torch.randn(2, 5, 16), mascara_padding(torch.tensor([5, 2]), 5))
    >>> pred.shape, a.shape, a[1, 2:].abs().sum().item()
    (torch.Size([2, 12]), torch.Size([2, 5]), 0.0)
    """

    def __init__(
        self,
        output_size: int,
        hidden_size: int,
        dim_atencion: int | None = None,
        num_layers: int = 1,
    ):
        super().__init__()
        self.output_size = _v.entero_positivo("output_size", output_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dim_atencion = hidden_size if dim_atencion is None else dim_atencion
        self.atencion = AtencionAditiva(hidden_size, hidden_size, dim_atencion)
        self.lstm = nn.LSTM(
            output_size + hidden_size, hidden_size, num_layers, batch_first=True
        )
        self.fc = nn.Linear(2 * hidden_size, output_size)

    def forward_step(self, x_t, hidden, cell, memoria, mascara=None, claves=None):
        """Un paso con atención.

        Parameters
        ----------
        x_t : Tensor de forma (N, 1, O)
        hidden, cell : Tensor de forma (capas, N, H)
        memoria : Tensor de forma (N, S, H)
        mascara : Tensor bool de forma (N, S), opcional
        claves : Tensor de forma (N, S, A), opcional

        Returns
        -------
        pred : Tensor de forma (N, O)
        hidden, cell : Tensor de forma (capas, N, H)
        pesos : Tensor de forma (N, S)
        """
        # contexto (N, H) y pesos (N, S), con el estado de la última capa
        contexto, pesos = self.atencion(hidden[-1], memoria, mascara, claves)
        entrada = torch.cat([x_t, contexto[:, None, :]], dim=-1)  # (N, 1, O + H)
        salida, (hidden, cell) = self.lstm(entrada, (hidden, cell))  # (N, 1, H)
        pred = self.fc(torch.cat([salida.squeeze(1), contexto], dim=-1))  # (N, O)
        return pred, hidden, cell, pesos


class Seq2Seq(nn.Module):
    r"""Modelo codificador–decodificador (API de la guía, §4.3), con o sin atención.

    ``Seq2Seq(encoder, decoder, output_size)(src, tgt_len)`` devuelve las
    predicciones de forma (N, tgt_len, O). El primer paso del decodificador
    recibe un vector de ceros (el ``<START>`` de la guía).

    Parameters
    ----------
    encoder : Encoder
    decoder : Decoder o DecoderAtencion
        Con :class:`DecoderAtencion` el modelo atiende en cada paso a las
        salidas del codificador.
    output_size : int
        Dimensión O de la salida; debe coincidir con la del decodificador.

    Notes
    -----
    .. note::
       La guía realimenta el decodificador con la salida cruda ``pred`` (los
       *logits*), que no es un *token*. Aquí, sin *teacher forcing*, se
       realimenta el *one-hot* del ``argmax`` (decodificación voraz), que es
       lo que el modelo verá al generar de verdad.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> modelo = Seq2Seq(Encoder(10, 64), Decoder(5, 64), 5)
    >>> modelo(torch.randn(4, 15, 10), 8).shape
    torch.Size([4, 8, 5])
    """

    def __init__(self, encoder: Encoder, decoder: nn.Module, output_size: int):
        super().__init__()
        if not isinstance(encoder, Encoder):
            raise TypeError(
                f"encoder debe ser un Encoder; se recibió {type(encoder).__name__}."
            )
        if not isinstance(decoder, (Decoder, DecoderAtencion)):
            raise TypeError(
                f"decoder debe ser un Decoder o DecoderAtencion; se recibió {type(decoder).__name__}."
            )
        self.output_size = _v.entero_positivo("output_size", output_size)
        if decoder.output_size != output_size:
            raise ValueError(
                f"output_size ({output_size}) debe coincidir con el del decodificador ({decoder.output_size})."
            )
        if (encoder.hidden_size, encoder.num_layers) != (
            decoder.hidden_size,
            decoder.num_layers,
        ):
            raise ValueError(
                "El decodificador arranca con el estado final del codificador: hidden_size y num_layers "
                f"deben coincidir; codificador ({encoder.hidden_size}, {encoder.num_layers}), "
                f"decodificador ({decoder.hidden_size}, {decoder.num_layers})."
            )
        self.encoder = encoder
        self.decoder = decoder
        self.con_atencion = isinstance(decoder, DecoderAtencion)

    def forward(
        self,
        src: torch.Tensor,
        tgt_len: int,
        objetivo: torch.Tensor | None = None,
        *,
        longitudes: torch.Tensor | None = None,
        teacher_forcing: bool = False,
        devolver_pesos: bool = False,
    ):
        """Codifica ``src`` y decodifica ``tgt_len`` pasos.

        Parameters
        ----------
        src : Tensor de forma (N, S, D)
        tgt_len : int
            Pasos que se decodifican, T.
        objetivo : Tensor de forma (N, T), int64, opcional
            Índices correctos; necesarios con ``teacher_forcing=True``.
        longitudes : Tensor de forma (N,), opcional
            Longitudes reales de ``src`` (relleno al final).
        teacher_forcing : bool
            ``True``: el paso :math:`t` recibe el *token* correcto
            ``objetivo[:, t-1]`` (entrenamiento). ``False``: recibe el
            ``argmax`` de su propia predicción anterior (inferencia voraz).
        devolver_pesos : bool
            Con atención, devolver también los pesos.

        Returns
        -------
        salidas : Tensor de forma (N, T, O)
            *Logits* de cada paso.
        pesos : Tensor de forma (N, T, S)
            Solo si ``devolver_pesos``: los pesos de atención de cada paso.
        """
        tgt_len = _v.entero_positivo("tgt_len", tgt_len)
        if not isinstance(teacher_forcing, bool):
            raise TypeError(
                f"teacher_forcing debe ser bool; se recibió {type(teacher_forcing).__name__}."
            )
        if devolver_pesos and not self.con_atencion:
            raise ValueError(
                "devolver_pesos=True necesita un DecoderAtencion; este modelo no tiene atención."
            )
        N = src.shape[0] if isinstance(src, torch.Tensor) else 0
        if teacher_forcing:
            if objetivo is None:
                raise ValueError(
                    "teacher_forcing=True necesita objetivo (N, tgt_len); se recibió None."
                )
            if (
                not isinstance(objetivo, torch.Tensor)
                or objetivo.dtype != torch.int64
                or tuple(objetivo.shape) != (N, tgt_len)
            ):
                raise ValueError(
                    f"objetivo debe ser un Tensor int64 de forma ({N}, {tgt_len}); se recibió "
                    f"{tuple(objetivo.shape) if isinstance(objetivo, torch.Tensor) else type(objetivo).__name__}."
                )
            if int(objetivo.min()) < 0 or int(objetivo.max()) >= self.output_size:
                raise ValueError(
                    f"objetivo debe contener índices en [0, {self.output_size - 1}]."
                )
        memoria, hidden, cell = self.encoder.codificar(
            src, longitudes
        )  # (N, S, H), (L, N, H)
        O = self.output_size
        inicio = src.new_zeros(N, 1, O)  # (N, 1, O): <START>

        if teacher_forcing and not self.con_atencion:
            # Con teacher forcing las entradas se conocen de antemano: una sola llamada a la LSTM.
            previos = F.one_hot(objetivo[:, :-1], O).to(src.dtype)  # (N, T-1, O)
            salida, _ = self.decoder.lstm(
                torch.cat([inicio, previos], dim=1), (hidden, cell)
            )  # (N, T, H)
            return self.decoder.fc(salida)  # (N, T, O)

        mascara = claves = None
        if self.con_atencion:
            S = memoria.shape[1]
            mascara = (
                mascara_padding(longitudes, S)
                if longitudes is not None
                else torch.ones(N, S, dtype=torch.bool, device=src.device)
            )
            claves = self.decoder.atencion.claves(memoria)  # (N, S, A)
        salidas, pesos = [], []
        x_t = inicio
        for t in range(tgt_len):
            if self.con_atencion:
                pred, hidden, cell, a = self.decoder.forward_step(
                    x_t, hidden, cell, memoria, mascara, claves
                )
                pesos.append(a)
            else:
                pred, hidden, cell = self.decoder.forward_step(x_t, hidden, cell)
            salidas.append(pred)
            siguiente = (
                objetivo[:, t] if teacher_forcing else pred.argmax(dim=-1)
            )  # (N,)
            x_t = F.one_hot(siguiente, O).to(src.dtype)[:, None, :]  # (N, 1, O)
        salidas = torch.stack(salidas, dim=1)  # (N, T, O)
        if devolver_pesos:
            return salidas, torch.stack(pesos, dim=1)  # (N, T, S)
        return salidas


def crear_seq2seq_digitos(
    hidden_size: int = 64, *, atencion: bool = False, dim_atencion: int | None = None
) -> Seq2Seq:
    """Modelo seq2seq para :func:`crear_tarea_digitos` (entrada y salida *one-hot* de tamaño V = 12).

    Examples
    --------
    >>> crear_seq2seq_digitos(16, atencion=True).con_atencion
    True
    """
    V = TAM_VOCAB_DIGITOS
    enc = Encoder(V, hidden_size)
    dec = (
        DecoderAtencion(V, hidden_size, dim_atencion)
        if atencion
        else Decoder(V, hidden_size)
    )
    return Seq2Seq(enc, dec, V)
