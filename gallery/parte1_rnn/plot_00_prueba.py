"""
Prueba de infraestructura
=========================

Página provisional.

.. note::
   Para ejecutar este ejemplo necesitas el paquete ``rnnbook`` instalado
   (``pip install .`` desde una copia del repositorio; véase el README).
"""

# %%
# Un cálculo.
import numpy as np

import rnnbook

rnnbook.fijar_semilla(0)
print(np.round(rnnbook.gradiente_numerico(lambda v: float((v ** 2).sum()), np.ones(3)), 4))
fig, ax = rnnbook.nueva_figura()
ax.plot(np.arange(5), np.arange(5) ** 2)
ax.set_xlabel("paso")

# %%
# Una medida citada desde un capítulo.
rnnbook.registrar_medida("prueba.suma", float(np.arange(4).sum()), "{:.1f}")
