"""Parte 4: codificador–decodificador (seq2seq) y atención aditiva."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from . import _validacion as _v
from .entorno import fijar_semilla
from .entrenamiento import entrenar, evaluar
from .graficos import PALETA, nueva_figura

__all__ = [
    "PAD_DIGITOS",
    "FIN_DIGITOS",
    "TAM_VOCAB_DIGITOS",
    "TareaDigitos",
    "crear_tarea_digitos",
    "a_one_hot",
    "mascara_padding",
    "Encoder",
    "Decoder",
    "AtencionAditiva",
    "DecoderAtencion",
    "Seq2Seq",
    "crear_seq2seq_digitos",
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
    "figura_exactitud_por_longitud",
    "figura_mapas_atencion",
]

#: Índice del relleno (*padding*): nunca es un objetivo y la atención le da peso 0.
PAD_DIGITOS = 0
#: Índice del símbolo de fin de secuencia que el decodificador debe emitir.
FIN_DIGITOS = 1
#: Tamaño V del vocabulario de la tarea de dígitos: relleno, fin y los dígitos 0–9 (índices 2–11).
TAM_VOCAB_DIGITOS = 12
_TAREAS = ("invertir", "ordenar")


# ------------------------------------------------------------------------------ datos
@dataclass
class TareaDigitos:
    """Cadenas de dígitos de longitud variable y su transformación.

    Attributes
    ----------
    fuente : Tensor de forma (N, S), int64
        Dígitos codificados (dígito d → índice d + 2), rellenos con :data:`PAD_DIGITOS`.
    longitudes : Tensor de forma (N,), int64
        Longitud real de cada cadena, en ``[1, S]``.
    objetivo : Tensor de forma (N, S + 1), int64
        La cadena transformada seguida de :data:`FIN_DIGITOS` y rellena con :data:`PAD_DIGITOS`.
    tarea : str
        ``"invertir"`` u ``"ordenar"``.
    """

    fuente: torch.Tensor
    longitudes: torch.Tensor
    objetivo: torch.Tensor
    tarea: str

    def __len__(self) -> int:
        return int(self.fuente.shape[0])

    def entradas(self) -> tuple[torch.Tensor, torch.Tensor]:
        """``(one_hot(fuente), longitudes)``: las entradas del modelo, de formas (N, S, V) y (N,)."""
        return a_one_hot(self.fuente, TAM_VOCAB_DIGITOS), self.longitudes

    def subconjunto(self, indices) -> "TareaDigitos":
        """Las filas ``indices`` (un ``slice`` o un tensor de índices)."""
        return TareaDigitos(self.fuente[indices], self.longitudes[indices], self.objetivo[indices], self.tarea)


def crear_tarea_digitos(n: int = 1000, long_min: int = 1, long_max: int = 10, tarea: str = "invertir",
                        semilla: int = 0) -> TareaDigitos:
    """Tarea sintética de secuencia a secuencia sobre cadenas de dígitos (ejercicio I3).

    Cada cadena tiene una longitud uniforme en ``[long_min, long_max]`` y
    dígitos uniformes; el objetivo es la cadena invertida (``"invertir"``) u
    ordenada de menor a mayor (``"ordenar"``), terminada en :data:`FIN_DIGITOS`.

    Parameters
    ----------
    n : int
        Número de cadenas N.
    long_min, long_max : int
        Longitudes mínima y máxima (``1 <= long_min <= long_max``); S = ``long_max``.
    tarea : {"invertir", "ordenar"}
    semilla : int

    Returns
    -------
    TareaDigitos

    Examples
    --------
    >>> t = crear_tarea_digitos(n=3, long_min=2, long_max=4, semilla=0)
    >>> t.fuente.shape, t.objetivo.shape
    (torch.Size([3, 4]), torch.Size([3, 5]))
    >>> L = int(t.longitudes[0])
    >>> t.objetivo[0, :L].tolist() == t.fuente[0, :L].flip(0).tolist(), int(t.objetivo[0, L]) == FIN_DIGITOS
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    long_min = _v.entero_positivo("long_min", long_min)
    long_max = _v.entero_positivo("long_max", long_max)
    if long_min > long_max:
        raise ValueError(f"long_min debe ser <= long_max; se recibió long_min={long_min}, long_max={long_max}.")
    _v.opcion("tarea", tarea, _TAREAS)
    g = torch.Generator().manual_seed(_v.entero_positivo("semilla", semilla, minimo=0))
    longitudes = torch.randint(long_min, long_max + 1, (n,), generator=g)  # (N,)
    digitos = torch.randint(0, 10, (n, long_max), generator=g) + 2  # (N, S) índices 2..11
    posiciones = torch.arange(long_max)  # (S,)
    validos = posiciones[None, :] < longitudes[:, None]  # (N, S)
    fuente = torch.where(validos, digitos, torch.full_like(digitos, PAD_DIGITOS))  # (N, S)
    objetivo = torch.full((n, long_max + 1), PAD_DIGITOS, dtype=torch.int64)  # (N, S+1)
    for i in range(n):
        L = int(longitudes[i])
        cadena = fuente[i, :L]
        objetivo[i, :L] = cadena.flip(0) if tarea == "invertir" else cadena.sort().values
        objetivo[i, L] = FIN_DIGITOS
    return TareaDigitos(fuente, longitudes, objetivo, tarea)


def a_one_hot(tokens: torch.Tensor, tam_vocab: int) -> torch.Tensor:
    """Codificación *one-hot* ``float32`` de índices de forma (N, T) → (N, T, V).

    Examples
    --------
    >>> a_one_hot(torch.tensor([[1, 0]]), 3).tolist()
    [[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]]
    """
    return F.one_hot(tokens, _v.entero_positivo("tam_vocab", tam_vocab)).float()


def mascara_padding(longitudes: torch.Tensor, S: int) -> torch.Tensor:
    """Máscara booleana de forma (N, S): ``True`` en las posiciones reales, ``False`` en el relleno.

    Examples
    --------
    >>> mascara_padding(torch.tensor([2, 3]), 4).int().tolist()
    [[1, 1, 0, 0], [1, 1, 1, 0]]
    """
    return torch.arange(S, device=longitudes.device)[None, :] < longitudes[:, None]


def _validar_longitudes(longitudes, N: int, S: int) -> torch.Tensor:
    if not isinstance(longitudes, torch.Tensor) or longitudes.dtype not in (torch.int64, torch.int32):
        raise TypeError(
            f"longitudes debe ser un Tensor de enteros de forma (N,); se recibió {type(longitudes).__name__}"
            + (f" con dtype {longitudes.dtype}" if isinstance(longitudes, torch.Tensor) else "") + "."
        )
    if tuple(longitudes.shape) != (N,):
        raise ValueError(f"longitudes debe tener forma ({N},); se recibió forma {tuple(longitudes.shape)}.")
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
        if not isinstance(x, torch.Tensor) or x.ndim != 3 or x.shape[-1] != self.input_size:
            forma = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
            raise ValueError(f"x debe tener forma (N, S, {self.input_size}); se recibió {forma}.")
        if longitudes is None:
            salidas, (hidden, cell) = self.lstm(x)  # (N, S, H), (L, N, H)
            return salidas, hidden, cell
        _validar_longitudes(longitudes, x.shape[0], x.shape[1])
        empaquetada = pack_padded_sequence(x, longitudes.cpu(), batch_first=True, enforce_sorted=False)
        salidas, (hidden, cell) = self.lstm(empaquetada)
        salidas, _ = pad_packed_sequence(salidas, batch_first=True, total_length=x.shape[1])  # (N, S, H)
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
    r"""Atención aditiva (Bahdanau et al., 2015) con máscara de relleno.

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

    def claves(self, memoria: torch.Tensor) -> torch.Tensor:
        """:math:`W_h h_j + b` para toda la memoria (N, S, H_e) → (N, S, A); se calcula una vez por secuencia."""
        return self.W_h(memoria)

    def forward(self, s: torch.Tensor, memoria: torch.Tensor, mascara: torch.Tensor | None = None,
                claves: torch.Tensor | None = None):
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
        if s.ndim != 2 or s.shape[1] != self.hidden_decoder:
            raise ValueError(f"s debe tener forma (N, {self.hidden_decoder}); se recibió {tuple(s.shape)}.")
        if memoria.ndim != 3 or memoria.shape[0] != s.shape[0] or memoria.shape[2] != self.hidden_encoder:
            raise ValueError(
                f"memoria debe tener forma ({s.shape[0]}, S, {self.hidden_encoder}); "
                f"se recibió {tuple(memoria.shape)}."
            )
        if claves is None:
            claves = self.claves(memoria)  # (N, S, A)
        energia = self.v(torch.tanh(self.W_s(s)[:, None, :] + claves)).squeeze(-1)  # (N, S)
        if mascara is not None:
            if mascara.dtype != torch.bool or tuple(mascara.shape) != tuple(energia.shape):
                raise ValueError(
                    f"mascara debe ser un Tensor bool de forma {tuple(energia.shape)}; se recibió "
                    f"{tuple(mascara.shape)} con dtype {mascara.dtype}."
                )
            if not bool(mascara.any(dim=1).all()):
                raise ValueError("mascara: cada fila necesita al menos una posición real (True).")
            energia = energia.masked_fill(~mascara, float("-inf"))  # el relleno no compite
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

    def __init__(self, output_size: int, hidden_size: int, dim_atencion: int | None = None,
                 num_layers: int = 1):
        super().__init__()
        self.output_size = _v.entero_positivo("output_size", output_size)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dim_atencion = hidden_size if dim_atencion is None else dim_atencion
        self.atencion = AtencionAditiva(hidden_size, hidden_size, dim_atencion)
        self.lstm = nn.LSTM(output_size + hidden_size, hidden_size, num_layers, batch_first=True)
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
        contexto, pesos = self.atencion(hidden[-1], memoria, mascara, claves)  # (N, H), (N, S)
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
            raise TypeError(f"encoder debe ser un Encoder; se recibió {type(encoder).__name__}.")
        if not isinstance(decoder, (Decoder, DecoderAtencion)):
            raise TypeError(f"decoder debe ser un Decoder o DecoderAtencion; se recibió {type(decoder).__name__}.")
        self.output_size = _v.entero_positivo("output_size", output_size)
        if decoder.output_size != output_size:
            raise ValueError(
                f"output_size ({output_size}) debe coincidir con el del decodificador ({decoder.output_size})."
            )
        if (encoder.hidden_size, encoder.num_layers) != (decoder.hidden_size, decoder.num_layers):
            raise ValueError(
                "El decodificador arranca con el estado final del codificador: hidden_size y num_layers "
                f"deben coincidir; codificador ({encoder.hidden_size}, {encoder.num_layers}), "
                f"decodificador ({decoder.hidden_size}, {decoder.num_layers})."
            )
        self.encoder = encoder
        self.decoder = decoder
        self.con_atencion = isinstance(decoder, DecoderAtencion)

    def forward(self, src: torch.Tensor, tgt_len: int, objetivo: torch.Tensor | None = None, *,
                longitudes: torch.Tensor | None = None, teacher_forcing: bool = False,
                devolver_pesos: bool = False):
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
            raise TypeError(f"teacher_forcing debe ser bool; se recibió {type(teacher_forcing).__name__}.")
        if devolver_pesos and not self.con_atencion:
            raise ValueError("devolver_pesos=True necesita un DecoderAtencion; este modelo no tiene atención.")
        N = src.shape[0] if isinstance(src, torch.Tensor) else 0
        if teacher_forcing:
            if objetivo is None:
                raise ValueError("teacher_forcing=True necesita objetivo (N, tgt_len); se recibió None.")
            if not isinstance(objetivo, torch.Tensor) or objetivo.dtype != torch.int64 \
                    or tuple(objetivo.shape) != (N, tgt_len):
                raise ValueError(
                    f"objetivo debe ser un Tensor int64 de forma ({N}, {tgt_len}); se recibió "
                    f"{tuple(objetivo.shape) if isinstance(objetivo, torch.Tensor) else type(objetivo).__name__}."
                )
            if int(objetivo.min()) < 0 or int(objetivo.max()) >= self.output_size:
                raise ValueError(f"objetivo debe contener índices en [0, {self.output_size - 1}].")
        memoria, hidden, cell = self.encoder.codificar(src, longitudes)  # (N, S, H), (L, N, H)
        O = self.output_size
        inicio = src.new_zeros(N, 1, O)  # (N, 1, O): <START>

        if teacher_forcing and not self.con_atencion:
            # Con teacher forcing las entradas se conocen de antemano: una sola llamada a la LSTM.
            previos = F.one_hot(objetivo[:, :-1], O).to(src.dtype)  # (N, T-1, O)
            salida, _ = self.decoder.lstm(torch.cat([inicio, previos], dim=1), (hidden, cell))  # (N, T, H)
            return self.decoder.fc(salida)  # (N, T, O)

        mascara = claves = None
        if self.con_atencion:
            S = memoria.shape[1]
            mascara = (mascara_padding(longitudes, S) if longitudes is not None
                       else torch.ones(N, S, dtype=torch.bool, device=src.device))
            claves = self.decoder.atencion.claves(memoria)  # (N, S, A)
        salidas, pesos = [], []
        x_t = inicio
        for t in range(tgt_len):
            if self.con_atencion:
                pred, hidden, cell, a = self.decoder.forward_step(x_t, hidden, cell, memoria, mascara, claves)
                pesos.append(a)
            else:
                pred, hidden, cell = self.decoder.forward_step(x_t, hidden, cell)
            salidas.append(pred)
            siguiente = objetivo[:, t] if teacher_forcing else pred.argmax(dim=-1)  # (N,)
            x_t = F.one_hot(siguiente, O).to(src.dtype)[:, None, :]  # (N, 1, O)
        salidas = torch.stack(salidas, dim=1)  # (N, T, O)
        if devolver_pesos:
            return salidas, torch.stack(pesos, dim=1)  # (N, T, S)
        return salidas


def crear_seq2seq_digitos(hidden_size: int = 64, *, atencion: bool = False,
                          dim_atencion: int | None = None) -> Seq2Seq:
    """Modelo seq2seq para :func:`crear_tarea_digitos` (entrada y salida *one-hot* de tamaño V = 12).

    Examples
    --------
    >>> crear_seq2seq_digitos(16, atencion=True).con_atencion
    True
    """
    V = TAM_VOCAB_DIGITOS
    enc = Encoder(V, hidden_size)
    dec = DecoderAtencion(V, hidden_size, dim_atencion) if atencion else Decoder(V, hidden_size)
    return Seq2Seq(enc, dec, V)


# ------------------------------------------------------------- pérdida y métricas
def paso_teacher_forcing(modelo: Seq2Seq, entradas: tuple[torch.Tensor, ...], objetivos: torch.Tensor):
    """``paso_forward`` para :func:`rnnbook.entrenar`: *teacher forcing* al entrenar, voraz al evaluar.

    ``entradas`` es ``(src (N, S, V), longitudes (N,))`` y ``objetivos`` tiene
    forma (N, T). En modo ``eval()`` solo se usa la **forma** de ``objetivos``.
    """
    src, longitudes = entradas
    return modelo(src, objetivos.shape[1], objetivos if modelo.training else None, longitudes=longitudes,
                  teacher_forcing=modelo.training)


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
    return F.cross_entropy(salida.reshape(-1, salida.shape[-1]), objetivo.reshape(-1), ignore_index=PAD_DIGITOS)


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
    return float(((salida.argmax(-1) == objetivo) & validos).sum() / validos.sum().clamp(min=1))


@torch.no_grad()
def decodificar_voraz(modelo: Seq2Seq, src: torch.Tensor, longitudes: torch.Tensor | None = None,
                      max_len: int = 11) -> list[list[int]]:
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
        resultado.append(fila[:fila.index(FIN_DIGITOS)] if FIN_DIGITOS in fila else fila)
    return resultado


# -------------------------------------------------------------------- experimento
def entrenar_seq2seq(modelo: Seq2Seq, ent: TareaDigitos, val: TareaDigitos, *, epocas: int = 10,
                     tam_lote: int = 64, lr: float = 1e-2, recorte_gradiente: float = 1.0, semilla: int = 0,
                     dispositivo: str | torch.device = "auto", progreso: bool = False):
    """Entrena con *teacher forcing* mediante :func:`rnnbook.entrenar` y valida en modo voraz.

    La validación usa :func:`exactitud_secuencias` con decodificación voraz
    (sin ver el objetivo) y se restaura la época con mejor exactitud.

    Returns
    -------
    Historial
    """
    fijar_semilla(semilla)
    return entrenar(modelo, (ent.entradas(), ent.objetivo), (val.entradas(), val.objetivo),
                    perdida=perdida_secuencias, epocas=epocas, tam_lote=tam_lote, lr=lr,
                    recorte_gradiente=recorte_gradiente,
                    metricas={"exactitud_secuencia": exactitud_secuencias, "exactitud_token": exactitud_tokens},
                    monitor="exactitud_secuencia_validacion", modo="max", paso_forward=paso_teacher_forcing,
                    dispositivo=dispositivo, semilla=semilla, progreso=progreso)


def evaluar_seq2seq(modelo: Seq2Seq, datos: TareaDigitos, *, teacher_forcing: bool = False,
                    dispositivo: str | torch.device = "auto") -> dict[str, float]:
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
        raise TypeError(f"datos debe ser un TareaDigitos; se recibió {type(datos).__name__}.")
    if not isinstance(teacher_forcing, bool):
        raise TypeError(f"teacher_forcing debe ser bool; se recibió {type(teacher_forcing).__name__}.")

    def paso(m, entradas, objetivos):
        src, lon = entradas
        return m(src, objetivos.shape[1], objetivos if teacher_forcing else None, longitudes=lon,
                 teacher_forcing=teacher_forcing)

    return evaluar(modelo, (datos.entradas(), datos.objetivo), paso_forward=paso, dispositivo=dispositivo,
                   metricas={"exactitud_secuencia": exactitud_secuencias, "exactitud_token": exactitud_tokens})


def exactitud_por_longitud(modelo: Seq2Seq, prueba: TareaDigitos, *, teacher_forcing: bool = False,
                           dispositivo: str | torch.device = "auto"):
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
        raise TypeError(f"prueba debe ser un TareaDigitos; se recibió {type(prueba).__name__}.")
    filas = {}
    for L in sorted(set(prueba.longitudes.tolist())):
        sub = prueba.subconjunto(prueba.longitudes == L)
        filas[L] = evaluar_seq2seq(modelo, sub, teacher_forcing=teacher_forcing,
                                   dispositivo=dispositivo)["exactitud_secuencia"]
    return pd.Series(filas, name="exactitud_secuencia").rename_axis("longitud")


def texto_digitos(tokens) -> str:
    """Cadena legible de una secuencia de índices (sin relleno ni lo que sigue a :data:`FIN_DIGITOS`).

    Examples
    --------
    >>> texto_digitos([5, 2, 11, FIN_DIGITOS, PAD_DIGITOS])
    '309'
    """
    texto = []
    for t in (tokens.tolist() if isinstance(tokens, torch.Tensor) else list(tokens)):
        if t == FIN_DIGITOS:
            break
        if t != PAD_DIGITOS:
            texto.append(str(int(t) - 2))
    return "".join(texto)


def tabla_ejemplos(modelo: Seq2Seq, datos: TareaDigitos, indices, *,
                   dispositivo: str | torch.device = "auto"):
    """Entrada, objetivo y salida voraz de algunos ejemplos, como tabla.

    Returns
    -------
    pandas.DataFrame
        Columnas ``entrada``, ``objetivo``, ``salida`` y ``acierto``.
    """
    import pandas as pd

    from .entorno import elegir_dispositivo

    dev = elegir_dispositivo(dispositivo)
    sub = datos.subconjunto(torch.as_tensor(indices))
    src, lon = sub.entradas()
    salidas = decodificar_voraz(modelo.to(dev), src.to(dev), lon.to(dev), max_len=sub.objetivo.shape[1])
    filas = []
    for i in range(len(sub)):
        objetivo = texto_digitos(sub.objetivo[i])
        salida = texto_digitos(salidas[i])
        filas.append({"entrada": texto_digitos(sub.fuente[i]), "objetivo": objetivo, "salida": salida,
                      "acierto": salida == objetivo and len(salidas[i]) < sub.objetivo.shape[1]})
    return pd.DataFrame(filas)


# ------------------------------------------------------------------------- figuras
def figura_exactitud_por_longitud(curvas: dict):
    """Exactitud de secuencia frente a la longitud de la entrada, una curva por modelo.

    Parameters
    ----------
    curvas : dict nombre → pandas.Series
        Salidas de :func:`exactitud_por_longitud`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colores = {0: PALETA["lstm"], 1: PALETA["atencion"], 2: PALETA["referencia"], 3: PALETA["gru"]}
    fig, ax = nueva_figura(ancho=7.0, alto=4.0)
    for i, (nombre, serie) in enumerate(curvas.items()):
        ax.plot(serie.index, 100 * serie.values, marker="o", color=colores.get(i % 4), label=nombre)
    indices = sorted({int(L) for serie in curvas.values() for L in serie.index})
    ax.set_xticks(indices)
    ax.set_xlabel("longitud de la cadena de entrada (dígitos)")
    ax.set_ylabel("exactitud de secuencia (%)")
    ax.set_ylim(-3, 103)
    ax.set_title("¿Cuánto cabe en el vector de contexto?")
    ax.legend()
    return fig


def _texto_token(i: int) -> str:
    return "·" if i == PAD_DIGITOS else ("FIN" if i == FIN_DIGITOS else str(i - 2))


def figura_mapas_atencion(pesos: torch.Tensor, fuente: torch.Tensor, salida: list[list[int]],
                          longitudes: torch.Tensor):
    """Mapas de calor de los pesos de atención de varios ejemplos.

    Parameters
    ----------
    pesos : Tensor de forma (K, T, S)
        Pesos de atención (de :class:`Seq2Seq` con ``devolver_pesos=True``).
    fuente : Tensor de forma (K, S), int64
        *Tokens* de entrada.
    salida : list of list of int
        *Tokens* emitidos (sin :data:`FIN_DIGITOS`) por :func:`decodificar_voraz`.
    longitudes : Tensor de forma (K,)

    Returns
    -------
    matplotlib.figure.Figure
    """
    K = pesos.shape[0]
    fig, ejes = nueva_figura(1, K, ancho=3.6 * K, alto=3.8, squeeze=False)
    imagen = None
    for k, ax in enumerate(ejes[0]):
        L = int(longitudes[k])
        emitio_fin = len(salida[k]) < pesos.shape[1]
        filas = len(salida[k]) + int(emitio_fin)  # los emitidos y, si llegó, FIN
        mapa = pesos[k, :filas, :L].detach().cpu().numpy()
        imagen = ax.imshow(mapa, cmap="Oranges", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(L), [_texto_token(int(t)) for t in fuente[k, :L]])
        ax.set_yticks(range(filas), [_texto_token(t) for t in salida[k]] + ["FIN"] * emitio_fin)
        ax.set_xlabel("entrada (codificador)")
        if k == 0:
            ax.set_ylabel("salida emitida (decodificador)")
        ax.grid(False)
    fig.colorbar(imagen, ax=ejes[0].tolist(), label="peso de atención α", shrink=0.8)
    fig.suptitle("Pesos de atención: a qué posición de la entrada mira cada paso de la salida")
    return fig
