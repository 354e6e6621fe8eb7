"""
El gradiente que se desvanece o explota
=======================================

Al entrenar una RNN con BPTT, la señal de error que vuelve desde el paso
:math:`t` hasta el paso :math:`t-k` se multiplica por :math:`k` jacobianos.
Si cada uno encoge la señal, el pasado remoto deja de recibir gradiente; si la
agranda, el entrenamiento estalla. En este ejemplo medimos los tres regímenes
(desvaneciente, estable y explosivo), corregimos la simulación de la guía, que
no los produce, y después medimos el jacobiano **real** de una RNN con
:math:`\\tanh`.
"""

# %%
# Un producto de jacobianos
# -------------------------
#
# En una RNN simple, :math:`h_t = \tanh(W_{xh} x_t + W_{hh} h_{t-1} + b)`. La
# regla de la cadena da
#
# .. math::
#
#    \frac{\partial h_t}{\partial h_{t-k}}
#    = \prod_{j=0}^{k-1} \operatorname{diag}\bigl(1 - h_{t-j}^2\bigr)\, W_{hh} .
#
# Si olvidamos de momento la :math:`\tanh`, el producto es :math:`W_{hh}^k`, y
# todo depende de cómo crecen las potencias de una matriz. La guía fija la
# **norma espectral** :math:`\sigma_1` (el mayor valor singular) en 0.5, 1.0 y
# 1.5 y espera ver los tres regímenes. Reproducimos su código tal cual: misma
# semilla (42), matriz gaussiana dividida por su :math:`\sigma_1` y norma de
# Frobenius.
import rnnbook as rb

guia = rb.simular_flujo_gradiente(
    T=50, hidden_size=10, seed=42, controla="norma", norma="frobenius"
)
tabla_guia = rb.experimentos.tabla_flujo_gradiente(
    T=50, hidden_size=10, seed=42, controla="norma", norma="frobenius"
)
tabla_guia

# %%
# Las cifras no son las que anuncia la guía:
inicial = tabla_guia["norma_inicial"].iloc[0]
fin_est = tabla_guia.loc["estable", "norma_final"]
fin_exp = tabla_guia.loc["explosivo", "norma_final"]
regimenes_guia = ("desvaneciente", "estable", "explosivo")
rhos = [tabla_guia.loc[r, "rho"] for r in regimenes_guia]
print(
    f"Norma inicial: {inicial:.2f}"
    " (no 1.0: es la norma de Frobenius de la identidad 10×10, √10)"
)
print(f"'Estable' (σ₁ = 1.0) al final: {fin_est:.1e}")
print(
    f"'Explosivo' (σ₁ = 1.5) al final: {fin_exp:.2f}"
    f" ({fin_exp / inicial:.2f} veces la norma inicial)"
)
print(f"Radios espectrales ρ: {', '.join(f'{r:.2f}' for r in rhos)}")
sigmas = (0.5, 1.0, 1.5)  # las normas espectrales que fija la guía
print(f"ρ / σ₁: {', '.join(f'{r / s:.2f}' for r, s in zip(rhos, sigmas))}")
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.flujo.guia_norma_inicial", inicial, "{:.2f}")
rb.libro.registrar_medida("parte2.flujo.guia_estable_final", fin_est, "{:.1e}")
rb.libro.registrar_medida("parte2.flujo.guia_explosivo_final", fin_exp, "{:.2f}")
rb.libro.registrar_medida(
    "parte2.flujo.guia_desvaneciente_final",
    tabla_guia.loc["desvaneciente", "norma_final"],
    "{:.1e}",
)
for r in regimenes_guia:
    rb.libro.registrar_medida(
        f"parte2.flujo.guia_rho_{r}", tabla_guia.loc[r, "rho"], "{:.2f}"
    )
# sphinx_gallery_end_ignore

# %%
# La curva «estable» se desvanece y la «explosiva» ni siquiera crece. El
# motivo está en la columna ``rho``. Para cualquier matriz,
#
# .. math::
#
#    \rho(W) \le \sigma_1(W), \qquad
#    \lim_{k\to\infty} \|W^k\|^{1/k} = \rho(W) \quad \text{(fórmula de Gelfand)},
#
# donde :math:`\rho = \max_i |\lambda_i|` es el **radio espectral**. La norma
# espectral solo acota el *primer* paso (:math:`\|W\|_2 = \sigma_1`); a largo
# plazo manda :math:`\rho`. En una matriz gaussiana cuadrada el radio
# espectral es claramente menor que :math:`\sigma_1` (la razón
# :math:`\rho/\sigma_1` impresa arriba): al fijar :math:`\sigma_1 = 1.0` el
# radio queda por debajo de 1 y la curva «estable» se desvanece; al fijar
# :math:`\sigma_1 = 1.5` queda justo por debajo de 1 y :math:`\|W^{49}\|`, en
# lugar de explotar, acaba **por debajo** de la norma inicial (la línea
# «Explosivo» dice en qué proporción). Además, «después de 50 pasos» es en
# realidad :math:`W^{49}`, porque la norma se guarda antes de multiplicar.
#
# Tres regímenes de verdad
# ------------------------
#
# Para que la escala decida el régimen construimos :math:`W = s\,Q` con
# :math:`Q` ortogonal. Entonces todos los valores singulares y todos los
# módulos de los valores propios valen :math:`s`, y
# :math:`\|W^k\|_2 = s^k` exactamente. Usamos la norma espectral, que vale 1
# en :math:`k = 0`.
regimenes = rb.simular_flujo_gradiente(T=50, hidden_size=10, seed=42)
tabla = rb.experimentos.tabla_flujo_gradiente(T=50, hidden_size=10, seed=42)
tabla

# %%
# Ahora :math:`\rho = \sigma_1` y las tres curvas hacen lo que deben:
for nombre, formato in (
    ("desvaneciente", "{:.1e}"),
    ("estable", "{:.2f}"),
    ("explosivo", "{:.1e}"),
):
    final = tabla.loc[nombre, "norma_final"]
    print(f"{nombre:>14}: ‖W^49‖₂ = {formato.format(final)}")
    # sphinx_gallery_start_ignore
    rb.libro.registrar_medida(f"parte2.flujo.{nombre}_final", final, formato)
    # sphinx_gallery_end_ignore

fig = rb.figuras.figura_flujo_gradiente(regimenes)

# %%
# La escala logarítmica del eje vertical convierte cada :math:`s^k` en una
# recta de pendiente :math:`\log s`: hacia abajo, horizontal o hacia arriba.
# Con :math:`\rho = 0.5`, la señal de hace 49 pasos llega multiplicada por
# :math:`10^{-15}`: a efectos del optimizador, cero. Con :math:`\rho = 1.5`
# llega multiplicada por cientos de millones.
#
# La tanh empeora el desvanecimiento
# ----------------------------------
#
# En una RNN de verdad cada factor lleva además
# :math:`\operatorname{diag}(1 - h_t^2)`, la derivada de la :math:`\tanh`,
# que está entre 0 y 1. :func:`~rnnbook.experimentos.flujo_gradiente_tanh` ejecuta un
# *forward* real con entradas aleatorias y una :math:`W_{hh}` ortogonal
# (:math:`\rho = 1`, el caso «estable» ideal) y acumula el producto de
# jacobianos exactos.
jac = rb.experimentos.flujo_gradiente_tanh(T=50, hidden_size=10, escala=1.0, seed=42)
media = float(jac["media_derivada"].mean())
final_tanh = float(jac["con_tanh"][-1])
print(f"Media de 1 - h_t² a lo largo del forward: {media:.2f}")
print(
    f"‖∂h_T/∂h_(T-49)‖₂ con tanh: {final_tanh:.1e}   (solo W: {jac['solo_W'][-1]:.2f})"
)
# sphinx_gallery_start_ignore
rb.libro.registrar_medida("parte2.flujo.tanh_media_derivada", media, "{:.2f}")
rb.libro.registrar_medida("parte2.flujo.tanh_final", final_tanh, "{:.1e}")
# sphinx_gallery_end_ignore

fig = rb.figuras.figura_flujo_gradiente(regimenes, jac)

# %%
# Aunque :math:`W_{hh}` conserva exactamente la norma, la :math:`\tanh` resta
# en cada paso: con una derivada media cercana a la mitad, el gradiente real
# cae muchos órdenes de magnitud en 50 pasos. Por eso la inicialización
# ortogonal ayuda pero no basta: el desvanecimiento está en la propia
# arquitectura. La LSTM lo ataca cambiando el camino del gradiente: a través
# del estado de celda, :math:`\partial C_t / \partial C_{t-1} = \operatorname{diag}(f_t)`,
# sin :math:`W_{hh}` ni :math:`\tanh`; si la puerta de olvido está cerca de 1,
# el gradiente viaja casi intacto.
#
# Para recordar
# -------------
#
# * El gradiente que vuelve :math:`k` pasos atrás es un producto de :math:`k`
#   jacobianos; sin :math:`\tanh` es :math:`W_{hh}^k`.
# * A largo plazo lo decide el **radio espectral** :math:`\rho`, no la norma
#   espectral :math:`\sigma_1`: fijar :math:`\sigma_1` (como hace la guía) no
#   controla el régimen.
# * Con :math:`W = s\,Q` ortogonal, :math:`\|W^k\|_2 = s^k`: desvaneciente si
#   :math:`s < 1`, estable si :math:`s = 1`, explosivo si :math:`s > 1`.
# * La derivada de la :math:`\tanh` multiplica por factores menores que 1: en
#   una RNN real el gradiente se desvanece incluso con :math:`\rho = 1`.
#
# Ejercicio
# ---------
#
# Llama a :func:`~rnnbook.experimentos.flujo_gradiente_tanh` con ``escala=1.5`` y con
# ``escala_entrada=0.1``. ¿Explota el jacobiano real como :math:`1.5^k`?
# ¿Qué papel juega la saturación de la :math:`\tanh`?
