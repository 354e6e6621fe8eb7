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
from .signo_suma import *  # noqa: F401,F403
from .multipaso import *  # noqa: F401,F403
from .incrustaciones import *  # noqa: F401,F403
from .convolucional import *  # noqa: F401,F403
from .truncada import *  # noqa: F401,F403
from .generacion import *  # noqa: F401,F403
from . import (avanzadas, benchmark, comprobacion, convolucional, entorno, entrenamiento, figuras, generacion,
               graficos, gradiente, gru, incrustaciones, lstm, medidas, modelos, multipaso, parametros, rnn,
               sentimiento, seq2seq, series, signo_suma, truncada)

__version__ = "0.1.0"

__all__ = sorted(
    {nombre for modulo in (entorno, comprobacion, graficos, medidas, entrenamiento, modelos, rnn, gradiente, lstm, gru,
                           parametros, sentimiento, series, avanzadas, seq2seq, benchmark, figuras, signo_suma, multipaso,
                           incrustaciones, convolucional, truncada, generacion)
     for nombre in modulo.__all__}
)
