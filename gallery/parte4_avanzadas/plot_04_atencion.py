r"""
Atención aditiva: el decodificador vuelve a mirar la entrada
============================================================

En la página anterior el decodificador solo conocía la entrada a través del
vector de contexto, y la exactitud caía con la longitud. La **atención**
:cite:p:`bahdanau2015attention` le da acceso, en cada paso, a **todas** las
salidas del codificador :math:`h_1, \dots, h_S`, ponderadas según lo útiles
que sean en ese momento:

.. math::

    e_{t,j} = v^\top \tanh(W_s\, s_{t-1} + W_h\, h_j + b), \qquad
    \alpha_{t,j} = \frac{\exp e_{t,j}}{\sum_{k=1}^{S} \exp e_{t,k}}, \qquad
    c_t = \sum_{j=1}^{S} \alpha_{t,j}\, h_j .

El decodificador recibe :math:`[y_{t-1}; c_t]` y predice con
:math:`[s_t; c_t]`. Es el mismo modelo de la página anterior con un
:class:`~rnnbook.modelos.DecoderAtencion` en lugar del :class:`~rnnbook.Decoder`
(el ejercicio A3 lleva esta idea al clasificador de sentimiento).
"""

# %%
# La máscara de relleno
# ---------------------
# Las cadenas cortas llevan ``PAD`` al final. Si la atención pudiera mirar
# esas posiciones, el contexto dependería del relleno. Por eso
# :class:`~rnnbook.modelos.AtencionAditiva` pone :math:`e_{t,j} = -\infty` donde la
# máscara es falsa: tras el *softmax*, su peso es **exactamente** cero.
# Lo comprobamos con un lote de longitudes 5 y 2 cuyas posiciones de relleno
# contienen basura, y cambiando después esa basura:
import torch

import rnnbook

rnnbook.fijar_semilla(0)
atencion = rnnbook.modelos.AtencionAditiva(
    hidden_decoder=8, hidden_encoder=8, dim_atencion=8
)
s = torch.randn(2, 8)  # (N, H_d): estado del decodificador
memoria = torch.randn(2, 5, 8)  # (N, S, H_e): salidas del codificador
mascara = rnnbook.datos.mascara_padding(torch.tensor([5, 2]), 5)  # (N, S)
with torch.no_grad():
    contexto, pesos = atencion(s, memoria, mascara)
print("Pesos del ejemplo de longitud 2:", [round(p, 4) for p in pesos[1].tolist()])
peso_pad = float(pesos[1, 2:].max())
print("Peso máximo en el relleno:", peso_pad)
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida("parte4.atencion.peso_max_relleno", peso_pad, "{}")
# sphinx_gallery_end_ignore
print("Suma de los pesos por fila:", [round(v, 6) for v in pesos.sum(dim=1).tolist()])

memoria_otra = memoria.clone()
# otra basura en el relleno del segundo ejemplo
memoria_otra[1, 2:] = 100 * torch.randn(3, 8)
with torch.no_grad():
    contexto_otro, _ = atencion(s, memoria_otra, mascara)
print(
    "max |Δ contexto| al cambiar el relleno:",
    float((contexto - contexto_otro).abs().max()),
)

# %%
# El peso del relleno es ``0.0``, no un número pequeño, y como el contexto
# solo suma posiciones con peso no nulo, cambiar el relleno (aquí, por valores
# cien veces mayores) no lo cambia en absoluto.
#
# El código de :meth:`~rnnbook.modelos.AtencionAditiva.forward`
# muestra por qué. Tras comprobar las formas, ``energia`` es
# :math:`e_{t,j} = v^\top \tanh(W_s s + W_h h_j + b)` para las S posiciones a
# la vez (las ``claves`` :math:`W_h h_j + b` se calculan una vez por secuencia);
# ``masked_fill(~mascara, float("-inf"))`` es la máscara: pone
# :math:`-\infty` en el relleno **antes** del *softmax*; ``torch.softmax``
# da los pesos :math:`\alpha_{t,j}`, y el producto ``torch.bmm`` de los pesos
# por la memoria es el contexto :math:`c_t = \sum_j \alpha_{t,j} h_j`:
from rnnbook.libro import fuente

fuente(rnnbook.modelos.AtencionAditiva.forward)

# %%
# Un paso del decodificador con atención,
# :meth:`~rnnbook.modelos.DecoderAtencion.forward_step`, son cuatro líneas que
# siguen la descripción de la introducción: atiende con el estado anterior de
# la última capa, ``hidden[-1]`` (:math:`s_{t-1}`); da a la LSTM
# :math:`[y_{t-1}; c_t]`; y predice con :math:`[s_t; c_t]`:
fuente(rnnbook.modelos.DecoderAtencion.forward_step)

# %%
# Entrenar con y sin atención
# ---------------------------
# Mismos datos que en la página anterior (cadenas de 1 a 10 dígitos que hay
# que invertir), mismo :math:`H = 32`, misma semilla y *teacher forcing*. El
# modelo sin atención entrena 8 épocas, como allí; el de atención, 4.
dispositivo = rnnbook.elegir_dispositivo("auto")
print("Dispositivo:", rnnbook.describir_dispositivo(dispositivo))
datos = rnnbook.datos.crear_tarea_digitos(
    n=4000, long_min=1, long_max=10, tarea="invertir", semilla=0
)
entrenamiento = datos.subconjunto(slice(0, 3000))
validacion = datos.subconjunto(slice(3000, 3500))
prueba = datos.subconjunto(slice(3500, 4000))

modelos, historiales = {}, {}
for nombre, con_atencion, epocas in (
    ("sin atención", False, 8),
    ("con atención", True, 4),
):
    rnnbook.fijar_semilla(0)
    modelos[nombre] = rnnbook.modelos.crear_seq2seq_digitos(
        hidden_size=32, atencion=con_atencion
    )
    historiales[nombre] = rnnbook.experimentos.entrenar_seq2seq(
        modelos[nombre],
        entrenamiento,
        validacion,
        epocas=epocas,
        tam_lote=64,
        lr=1e-2,
        semilla=0,
        dispositivo=dispositivo,
    )

import pandas as pd

resumen = pd.DataFrame.from_dict(
    {
        nombre: {
            "parámetros": rnnbook.contar_parametros(m),
            "épocas": len(historiales[nombre].epocas),
            "segundos": historiales[nombre].segundos,
            **rnnbook.experimentos.evaluar_seq2seq(m, prueba, dispositivo=dispositivo),
        }
        for nombre, m in modelos.items()
    },
    orient="index",
)
# sphinx_gallery_start_ignore
rnnbook.libro.registrar_medida(
    "parte4.atencion.exactitud_sin",
    100 * resumen.loc["sin atención", "exactitud_secuencia"],
    "{:.1f} %",
)
rnnbook.libro.registrar_medida(
    "parte4.atencion.exactitud_con",
    100 * resumen.loc["con atención", "exactitud_secuencia"],
    "{:.1f} %",
)
rnnbook.libro.registrar_medida(
    "parte4.atencion.parametros_con",
    int(resumen.loc["con atención", "parámetros"]),
    rnnbook.libro.formato_miles,
)
# sphinx_gallery_end_ignore
resumen.round(3)

# %%
# La atención añade parámetros (las matrices :math:`W_s`, :math:`W_h`,
# :math:`v` y una entrada más ancha para la LSTM) y cada época es más cara,
# porque el decodificador ya no puede procesar el objetivo de una vez: la
# atención del paso :math:`t` depende de :math:`s_{t-1}`. A cambio, con menos
# épocas acierta muchas más secuencias enteras en la prueba (decodificación
# voraz). Por longitudes:
curvas = {
    nombre: rnnbook.experimentos.exactitud_por_longitud(
        m, prueba, dispositivo=dispositivo
    )
    for nombre, m in modelos.items()
}
# sphinx_gallery_start_ignore
for nombre, clave in (("sin atención", "sin"), ("con atención", "con")):
    for L in (5, 10):
        rnnbook.libro.registrar_medida(
            f"parte4.atencion.exactitud_{clave}_l{L}",
            100 * curvas[nombre][L],
            "{:.0f} %",
        )
# sphinx_gallery_end_ignore
fig = rnnbook.figuras.figura_exactitud_por_longitud(
    {f"seq2seq {nombre} (H = 32)": serie for nombre, serie in curvas.items()}
)

# %%
# Sin atención la exactitud se hunde con la longitud; con atención la curva
# es casi plana: el decodificador ya no necesita que el contexto recuerde la
# cadena entera, porque puede ir a buscar cada dígito cuando lo necesita.
#
# Qué mira el decodificador
# -------------------------
# Los mapas muestran :math:`\alpha_{t,j}` para tres cadenas de la prueba:
# cada fila es un dígito emitido y cada columna un dígito de la entrada.
ejemplos = torch.tensor([0, 1, 2])
sub = prueba.subconjunto(ejemplos)
orden = torch.argsort(sub.longitudes)
sub = sub.subconjunto(orden)
src, lon = sub.entradas()
con = modelos["con atención"].eval().cpu()
with torch.no_grad():
    _, pesos_ej = con(src, sub.objetivo.shape[1], longitudes=lon, devolver_pesos=True)
emitidos = rnnbook.experimentos.decodificar_voraz(
    con, src, lon, max_len=sub.objetivo.shape[1]
)
fig = rnnbook.figuras.figura_mapas_atencion(pesos_ej, sub.fuente, emitidos, lon)

# %%
# Para invertir, el primer dígito emitido debe ser el último de la entrada,
# el segundo el penúltimo, etc.: el peso se concentra en la **antidiagonal**.
# Nadie le dijo al modelo dónde mirar; lo aprendió porque es lo que reduce la
# pérdida. Las columnas de relleno no aparecen porque su peso es cero.
#
# El puente hacia los Transformers
# --------------------------------
# La atención resolvió el cuello de botella, pero el modelo sigue siendo
# recurrente: el paso :math:`t` espera al :math:`t-1`, tanto en el
# codificador como en el decodificador. :cite:t:`vaswani2017attention` dieron el paso
# siguiente: si cada posición puede mirar a todas las demás con atención,
# la recurrencia sobra. Un Transformer usa atención (con productos escalares
# escalados en lugar de la forma aditiva de aquí, y varias «cabezas») entre
# las posiciones de la entrada, entre las de la salida y de la salida a la
# entrada, y procesa todas las posiciones en paralelo. Es el tema del
# Laboratorio 12; la máscara de relleno de esta página aparece allí tal cual.
#
# Para recordar
# -------------
# * La atención calcula, en cada paso del decodificador, una media ponderada
#   de **todas** las salidas del codificador; los pesos suman 1.
# * El relleno se enmascara con :math:`-\infty` antes del *softmax*: peso
#   exactamente 0 y contexto independiente de lo que haya en el relleno.
# * Con atención, la exactitud deja de caer con la longitud de la entrada; se
#   paga con más parámetros y más tiempo por paso.
# * Atención sin recurrencia = la idea central del Transformer.
#
# **Ejercicio (A3 de la guía).** Añade atención al clasificador de
# sentimiento de la Parte 3: en lugar del último estado, usa
# :math:`c = \sum_t \alpha_t h_t` con
# :math:`\alpha = \mathrm{softmax}_t(w^\top h_t)` sobre las salidas de la LSTM
# (enmascarando el relleno). El fragmento de la guía no funciona tal cual:
# ``softmax`` no está definido (ni el eje sobre el que normaliza) y no
# enmascara el relleno. Sus formas sí encajan, con ``W_attn`` de forma
# :math:`(1, H)`: :math:`(1, H) \cdot (N, H, T) \to (N, 1, T)` y
# :math:`(N, 1, T) \cdot (N, T, H) \to (N, 1, H)`. Escríbelo con
# ``torch.softmax(..., dim=-1)`` y una máscara, compara la
# exactitud con el modelo sin atención y mira qué palabras reciben más peso.
# La solución está en :doc:`../ejercicios_resueltos/plot_08_atencion_sentimiento`.
