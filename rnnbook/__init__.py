"""rnnbook: redes neuronales recurrentes desde cero y con PyTorch.

El paquete que acompaña al libro ejecutable *Redes neuronales recurrentes,
LSTM y secuencias*. Cada submódulo corresponde a una parte del libro; todos
los nombres públicos se importan directamente desde ``rnnbook``::

    from rnnbook import CeldaRNN, RNN_BPTT, CeldaLSTM, SentimentLSTM
"""

from .entorno import *  # noqa: F401,F403
from .comprobacion import *  # noqa: F401,F403
from .graficos import *  # noqa: F401,F403
from .medidas import *  # noqa: F401,F403
from .entrenamiento import *  # noqa: F401,F403
from .modelos import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .gradiente import *  # noqa: F401,F403
from .lstm import *  # noqa: F401,F403
from .gru import *  # noqa: F401,F403
from .parametros import *  # noqa: F401,F403
from .sentimiento import *  # noqa: F401,F403
from .series import *  # noqa: F401,F403
from .avanzadas import *  # noqa: F401,F403
from .seq2seq import *  # noqa: F401,F403
from .benchmark import *  # noqa: F401,F403
from .figuras import *  # noqa: F401,F403
from . import (avanzadas, benchmark, comprobacion, entorno, entrenamiento, graficos, gradiente,
               figuras, gru, lstm, medidas, modelos, parametros, rnn, sentimiento, seq2seq, series)

__version__ = "0.1.0"

__all__ = sorted(
    {nombre for modulo in (entorno, comprobacion, graficos, medidas, entrenamiento, modelos, rnn, gradiente, lstm, gru,
                           parametros, sentimiento, series, avanzadas, seq2seq, benchmark, figuras)
     for nombre in modulo.__all__}
)
