"""El libro entero en PDF, sin TeX: Chromium imprime la versión de una sola página.

``python3 tareas.py libro`` construye, después del sitio HTML, el libro en una
sola página (``sphinx-build -b singlehtml``, que reutiliza los *doctrees* del
sitio y no vuelve a leer nada). Al terminar esa construcción, esta extensión:

1. sirve la página en ``127.0.0.1`` y la abre en un Chromium sin interfaz,
   controlado con su protocolo DevTools por una tubería
   (``--remote-debugging-pipe``: sin puertos, sin WebSocket, sin dependencias);
2. espera a que MathJax haya compuesto **todas** las fórmulas, a que estén
   cargadas las fuentes y todas las imágenes, y comprueba que ninguna fórmula
   dio error ni falló ninguna petición;
3. prepara la página para el papel (``JS_PREPARAR``): portada, índice con
   enlaces, cada capítulo y cada ejemplo en una página nueva con títulos de la
   jerarquía del libro (capítulo ``h1``, sus secciones y sus ejemplos ``h2``...),
   las respuestas desplegadas, las tablas y fórmulas demasiado anchas reducidas,
   los enlaces internos reparados y los que llevan a otros archivos del sitio
   (descargas, código) convertidos en texto;
4. imprime en A4 con el número de página al pie (``Page.printToPDF``) y
   comprueba que el resultado es un PDF.

Sin índice de marcadores: Chromium solo lo genera con un PDF etiquetado, que
aquí doblaba el tamaño y el tiempo de impresión y repetía parte de cada título.

Cualquier fallo (Chromium ausente o que no arranca, MathJax sin terminar, una
fórmula con error, una imagen rota, un plazo vencido) detiene la construcción
con un mensaje en español: nunca queda un PDF vacío o a medias. El estilo de
impresión está en ``docs/_static/impresion.css`` (``@media print``).

Configuración (``conf.py`` o ``-D``):

- ``libro_pdf_salida``: ruta del PDF, relativa a la carpeta de ``conf.py``
  (por defecto, ``rnnbook.pdf`` dentro de la carpeta de salida);
- ``libro_pdf_chromium``: ejecutable de Chromium (por defecto, la variable
  ``RNNBOOK_CHROMIUM`` o ``chromium``/``chromium-browser``/``google-chrome`` del
  ``PATH``);
- ``libro_pdf_plazo``: segundos máximos para cargar, componer e imprimir.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import fcntl
import functools
import html
import http.server
import json
import os
import select
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

NOMBRE = "rnnbook.pdf"
MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
# A4 en pulgadas (la unidad de Page.printToPDF) y márgenes de unos 18-20 mm.
PAPEL = {"paperWidth": 8.27, "paperHeight": 11.69}
MARGENES = {
    "marginTop": 0.75,
    "marginBottom": 0.8,
    "marginLeft": 0.7,
    "marginRight": 0.7,
}
#: Anchura útil de la página en píxeles CSS (96 por pulgada).
ANCHO_UTIL = round(
    (PAPEL["paperWidth"] - MARGENES["marginLeft"] - MARGENES["marginRight"]) * 96
)
BANDERAS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--remote-debugging-pipe",
]


class ErrorPDF(RuntimeError):
    """El PDF no se pudo generar (el mensaje dice por qué)."""


# ---------------------------------------------------------------- Chromium por tubería
class Chromium:
    """Un Chromium sin interfaz controlado por ``--remote-debugging-pipe``.

    El protocolo DevTools viaja como mensajes JSON terminados en ``\\0`` por dos
    tuberías: el descriptor 3 del proceso hijo (órdenes) y el 4 (respuestas y
    eventos).
    """

    def __init__(self, ejecutable: str):
        self.perfil = Path(tempfile.mkdtemp(prefix="rnnbook-pdf-"))
        self.registro = self.perfil / "chromium.log"
        lee_hijo, self._escribir = _tuberia_alta()
        self._leer, escribe_hijo = _tuberia_alta()
        with open(self.registro, "wb") as registro:
            acciones = [
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, registro.fileno(), 1),
                (os.POSIX_SPAWN_DUP2, registro.fileno(), 2),
                (os.POSIX_SPAWN_DUP2, lee_hijo, 3),
                (os.POSIX_SPAWN_DUP2, escribe_hijo, 4),
            ]
            argv = [ejecutable, *BANDERAS, f"--user-data-dir={self.perfil}"]
            try:
                self.pid = os.posix_spawn(
                    ejecutable, argv, os.environ, file_actions=acciones, setsid=True
                )
            finally:
                os.close(lee_hijo)
                os.close(escribe_hijo)
        self._trozos: list[bytes] = []
        self._id = 0
        self.eventos: list[dict] = []

    # -- mensajes
    def _enviar(self, mensaje: dict) -> None:
        datos = json.dumps(mensaje).encode() + b"\0"
        while datos:
            datos = datos[os.write(self._escribir, datos) :]

    def _recibir(self, limite: float) -> dict:
        while not self._trozos or b"\0" not in self._trozos[-1]:
            resto = limite - time.monotonic()
            if resto <= 0:
                raise TimeoutError
            listos, _, _ = select.select([self._leer], [], [], min(resto, 1.0))
            if not listos:
                if self._termino():
                    raise ErrorPDF(f"Chromium terminó de repente.{self._cola()}")
                continue
            trozo = os.read(self._leer, 1 << 20)
            if not trozo:
                raise ErrorPDF(f"Chromium cerró la conexión.{self._cola()}")
            self._trozos.append(trozo)
        datos = b"".join(self._trozos)
        mensaje, _, resto = datos.partition(b"\0")
        self._trozos = [resto] if resto else []
        return json.loads(mensaje)

    def orden(self, metodo: str, sesion: str | None = None, plazo=60.0, **params):
        """Envía una orden y espera su resultado (guarda los eventos que lleguen)."""
        self._id += 1
        mensaje = {"id": self._id, "method": metodo, "params": params}
        if sesion:
            mensaje["sessionId"] = sesion
        self._enviar(mensaje)
        limite = time.monotonic() + plazo
        while True:
            try:
                respuesta = self._recibir(limite)
            except TimeoutError:
                raise ErrorPDF(
                    f"Chromium no respondió a {metodo} en {plazo:.0f} s."
                ) from None
            if respuesta.get("id") == self._id:
                if "error" in respuesta:
                    raise ErrorPDF(f"{metodo}: {respuesta['error']}")
                return respuesta.get("result", {})
            if "method" in respuesta:
                self.eventos.append(respuesta)

    def esperar(self, evento: str, plazo: float) -> dict:
        """Espera un evento (o lo toma de los ya recibidos)."""
        limite = time.monotonic() + plazo
        while True:
            for i, e in enumerate(self.eventos):
                if e["method"] == evento:
                    return self.eventos.pop(i).get("params", {})
            try:
                self.eventos.append(self._recibir(limite))
            except TimeoutError:
                raise ErrorPDF(
                    f"Chromium no emitió {evento} en {plazo:.0f} s."
                ) from None

    # -- proceso
    def _termino(self) -> bool:
        return os.waitpid(self.pid, os.WNOHANG)[0] != 0

    def _cola(self) -> str:
        try:
            texto = self.registro.read_text(errors="replace").strip()
        except OSError:
            return ""
        return f"\nÚltimas líneas de Chromium:\n{texto[-1500:]}" if texto else ""

    def cerrar(self) -> None:
        with contextlib.suppress(Exception):
            self._enviar({"id": self._id + 1, "method": "Browser.close", "params": {}})
        limite = time.monotonic() + 10
        try:
            while not self._termino():
                if time.monotonic() > limite:
                    os.killpg(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.1)
        except ChildProcessError:
            pass
        # Los subprocesos de Chromium (grupo propio, setsid) no deben sobrevivirle.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        os.close(self._leer)
        os.close(self._escribir)
        shutil.rmtree(self.perfil, ignore_errors=True)


def _tuberia_alta() -> tuple[int, int]:
    """Una tubería con descriptores >= 10: copiarlos a 3 y 4 en el hijo no pisa nada."""
    altos = []
    for fd in os.pipe():
        altos.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return altos[0], altos[1]


def buscar_chromium(indicado: str = "") -> str:
    """Ruta del ejecutable de Chromium, o ``ErrorPDF`` si no hay ninguno."""
    for candidato in (
        indicado,
        os.environ.get("RNNBOOK_CHROMIUM", ""),
        "chromium",
        "chromium-browser",
        "google-chrome",
    ):
        if candidato and (ruta := shutil.which(candidato)):
            return ruta
    raise ErrorPDF(
        "No se encuentra Chromium, que imprime el libro en PDF: instálalo "
        "(p. ej. «apt-get install chromium») o indica su ruta en RNNBOOK_CHROMIUM."
    )


# ------------------------------------------------------------------- la página
class _Silencioso(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def servir(carpeta: Path):
    """Sirve ``carpeta`` en 127.0.0.1 (puerto libre) mientras dura el bloque."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Silencioso, directory=str(carpeta))
    )
    hilo = threading.Thread(target=httpd.serve_forever, daemon=True)
    hilo.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


#: Espera a MathJax, a las fuentes y a las imágenes, prepara la página para el
#: papel y devuelve lo comprobado. ``__DATOS__`` se sustituye por un objeto JSON.
JS_PREPARAR = r"""
(async () => {
  const D = __DATOS__;
  const pausa = ms => new Promise(r => setTimeout(r, ms));
  const art = document.querySelector('article.bd-article') || document.querySelector('main');
  const formulas = Array.from(document.querySelectorAll('.math'));
  let mathjax = false;
  const pedirMathjax = formulas.length || document.querySelector('script[src*="mathjax"]');
  for (let i = 0; pedirMathjax && i < 1200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await pausa(50);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    mathjax = true;
  }
  // Modo claro (el tema respeta el modo del sistema) y respuestas desplegadas. La
  // clase libro-pdf activa las reglas de impresion.css propias del PDF.
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';
  document.documentElement.classList.add('libro-pdf');
  // El tema imprime el título y el índice de la página delante del artículo: aquí
  // hay portada e índice propios.
  document.querySelectorAll('#jb-print-docs-body').forEach(e => e.remove());
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const imagenes = Array.from(document.images);
  imagenes.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imagenes.map(i => (i.complete && i.naturalWidth) ? null : new Promise(r => {
    i.addEventListener('load', r); i.addEventListener('error', r); setTimeout(r, 30000); })));

  // Cada documento incluido (capítulo o ejemplo) en su propia caja, con su profundidad.
  const marcas = Array.from(art.querySelectorAll('span[id^="document-"]'));
  for (const m of marcas) {
    const caja = document.createElement('div');
    caja.className = 'documento-pdf';
    caja.dataset.doc = m.id.slice('document-'.length);
    while (m.nextSibling && !(m.nextSibling.matches && m.nextSibling.matches('span[id^="document-"]')))
      caja.appendChild(m.nextSibling);
    m.after(caja);
  }
  const profundidad = (el, sel, hasta) => {
    let n = 0;
    for (let p = el.parentElement; p && p !== hasta; p = p.parentElement) if (p.matches(sel)) n++;
    return n;
  };
  // Jerarquía del libro: capítulo = h1, sus secciones y sus ejemplos = h2...
  for (const h of Array.from(art.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    const caja = h.closest('.documento-pdf');
    const nivelDoc = caja ? profundidad(caja, '.documento-pdf', art) + 1 : 0;
    const enDoc = profundidad(h, 'section', caja || art);
    const nivel = Math.min(6, Math.max(1, (nivelDoc ? nivelDoc - 1 : 0) + enDoc));
    if (h.tagName !== 'H' + nivel) {
      const nuevo = document.createElement('h' + nivel);
      for (const a of Array.from(h.attributes)) nuevo.setAttribute(a.name, a.value);
      while (h.firstChild) nuevo.appendChild(h.firstChild);
      h.replaceWith(nuevo);
    }
  }
  // «Ejemplos que usan …» (mini-galerías de la API): un rótulo, no un título; las
  // miniaturas, una lista de enlaces (impresion.css).
  for (const g of Array.from(art.querySelectorAll('.sphx-glr-thumbnails'))) {
    const h = g.previousElementSibling;
    if (!h || !/^H[1-6]$/.test(h.tagName)) continue;
    const p = document.createElement('p');
    p.className = 'rotulo-minigaleria';
    h.querySelectorAll('.headerlink').forEach(e => e.remove());
    while (h.firstChild) p.appendChild(h.firstChild);
    h.replaceWith(p);
  }
  const textoDe = h => {
    const c = h.cloneNode(true);
    c.querySelectorAll('.headerlink').forEach(e => e.remove());
    return c.textContent.trim();
  };
  // La portada lleva el título: la primera página del libro es su presentación.
  const primero = art.querySelector('h1');
  if (primero) {
    const enlace = primero.querySelector('.headerlink');
    primero.textContent = D.presentacion;
    if (enlace) primero.appendChild(enlace);
  }
  // Enlaces: anclas dobles del constructor de una página (#document-x#y) → #y;
  // los que llevan a otros archivos del sitio (descargas, código) quedan como texto.
  const ids = new Set(Array.from(document.querySelectorAll('[id]')).map(e => e.id));
  let reparados = 0;
  for (const a of Array.from(art.querySelectorAll('a[href]'))) {
    const href = a.getAttribute('href');
    if (/^(https?:|mailto:)/.test(href)) continue;
    if (href.startsWith('#')) {
      const partes = href.slice(1).split('#').filter(Boolean);
      const destino = partes.slice().reverse().find(p => ids.has(decodeURIComponent(p)));
      if (partes.length > 1) reparados++;
      if (destino) a.setAttribute('href', '#' + destino);
      else if (partes.length) a.removeAttribute('href');
      continue;
    }
    a.removeAttribute('href');
  }
  // Portada e índice, delante de la presentación.
  const esc = s => s.replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
  const cajas = Array.from(art.querySelectorAll('.documento-pdf'));
  const entradas = [`<li class="nivel-1"><a href="#${primero ? primero.closest('section').id : ''}">${esc(D.presentacion)}</a></li>`];
  for (const c of cajas) {
    const h = c.querySelector('h1, h2, h3, h4, h5, h6');
    if (!h) continue;
    const nivel = profundidad(c, '.documento-pdf', art) + 1;
    entradas.push(`<li class="nivel-${nivel}"><a href="#document-${esc(c.dataset.doc)}">${esc(textoDe(h))}</a></li>`);
  }
  const inicio = document.createElement('div');
  inicio.className = 'inicio-pdf';
  inicio.innerHTML = `
    <section class="portada-pdf">
      <p class="portada-titulo">${esc(D.titulo)}</p>
      <p class="portada-subtitulo">${esc(D.subtitulo)}</p>
      <p class="portada-autor">${esc(D.autor)}</p>
      <p class="portada-pie">${esc(D.version_texto)} ${esc(D.version)} · ${esc(D.fecha)}<br>${esc(D.nota)}</p>
    </section>
    <nav class="indice-pdf" aria-label="${esc(D.indice)}">
      <p class="indice-titulo">${esc(D.indice)}</p>
      <ol>${entradas.join('')}</ol>
    </nav>`;
  art.prepend(inicio);
  // Tablas de pandas: los encabezados pueden partirse tras cada «_»; las tablas y
  // las fórmulas que aun así no caben en la anchura de la página se reducen.
  for (const th of Array.from(art.querySelectorAll('table.dataframe th'))) {
    const recorrido = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let n = recorrido.nextNode(); n; n = recorrido.nextNode())
      n.data = n.data.replace(/_/g, '_\u200b');
  }
  const ancho = art.clientWidth;
  let reducidas = 0;
  for (const el of Array.from(art.querySelectorAll('table, mjx-container[display="true"]'))) {
    const w = Math.max(el.scrollWidth, el.getBoundingClientRect().width);
    if (w > ancho + 1) {
      el.style.zoom = Math.max(0.5, ancho / w).toFixed(3);
      reducidas++;
    }
  }
  // Las tablas más altas que media página pueden partirse (el tema las mantiene enteras).
  for (const t of Array.from(art.querySelectorAll('table')))
    if (t.offsetHeight > 500) t.classList.add('partible');
  if (document.fonts) await document.fonts.ready;
  await pausa(100);
  return {
    mathjax,
    formulas: formulas.length,
    sin_componer: formulas.filter(f => !f.querySelector('mjx-container')).map(f => f.textContent.slice(0, 80)),
    errores_mathjax: Array.from(document.querySelectorAll('mjx-merror')).map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120)),
    imagenes: imagenes.length,
    imagenes_rotas: imagenes.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src')),
    documentos: cajas.length,
    reducidas,
    enlaces_reparados: reparados,
  };
})()
"""

PIE = (
    '<div style="width:100%;font-size:7.5pt;font-family:sans-serif;color:#777;'
    'padding:0 0.7in;display:flex;justify-content:space-between">'
    "<span>{titulo}</span>"
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span>'
    "</div>"
)


def fecha_en_espanol(dia: datetime.date) -> str:
    """``3 de diciembre de 2026``."""
    return f"{dia.day} de {MESES[dia.month - 1]} de {dia.year}"


#: Los meses en inglés, para la portada de la edición inglesa.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def fecha_de_portada(dia: datetime.date, idioma: str) -> str:
    """``3 de diciembre de 2026`` o, en la edición inglesa, ``3 December 2026``."""
    if idioma == "en":
        return f"{dia.day} {MONTHS[dia.month - 1]} {dia.year}"
    return fecha_en_espanol(dia)


def fecha_del_libro(raiz: Path) -> datetime.date:
    """La fecha de la portada: la del último commit, no la del día en que se construye.

    Así dos construcciones del mismo commit dan la misma portada. ``SOURCE_DATE_EPOCH``
    (la convención de las construcciones reproducibles) manda si está definida; sin
    git (una copia sin historia), la fecha de hoy.
    """
    epoca = os.environ.get("SOURCE_DATE_EPOCH")
    if epoca:
        return datetime.datetime.fromtimestamp(int(epoca), datetime.timezone.utc).date()
    import subprocess

    try:
        r = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=raiz,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return datetime.date.fromisoformat(r.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return datetime.date.today()


def imprimir(
    pagina: Path,
    destino: Path,
    datos: dict,
    chromium: str,
    plazo: float = 600.0,
) -> dict:
    """Imprime ``pagina`` (HTML de una sola página) en el PDF ``destino``.

    Devuelve lo comprobado en la página (fórmulas, imágenes, documentos) y el
    número de bytes. Lanza ``ErrorPDF`` ante cualquier problema.
    """
    inicio = time.monotonic()
    navegador = Chromium(chromium)
    try:
        with servir(pagina.parent) as base:
            destino_t = navegador.orden("Target.createTarget", url="about:blank")
            sesion = navegador.orden(
                "Target.attachToTarget", targetId=destino_t["targetId"], flatten=True
            )["sessionId"]
            navegador.orden("Page.enable", sesion)
            navegador.orden("Network.enable", sesion)
            # Medios de impresión y la anchura útil del papel desde el principio: lo
            # que mide JS_PREPARAR es lo que se imprimirá.
            navegador.orden("Emulation.setEmulatedMedia", sesion, media="print")
            navegador.orden(
                "Emulation.setDeviceMetricsOverride",
                sesion,
                width=ANCHO_UTIL,
                height=1000,
                deviceScaleFactor=1,
                mobile=False,
            )
            navegador.orden(
                "Page.navigate", sesion, url=f"{base}/{pagina.name}", plazo=plazo
            )
            navegador.esperar("Page.loadEventFired", plazo)
            resto = max(30.0, plazo - (time.monotonic() - inicio))
            codigo = JS_PREPARAR.replace("__DATOS__", json.dumps(datos))
            r = navegador.orden(
                "Runtime.evaluate",
                sesion,
                plazo=resto,
                expression=codigo,
                awaitPromise=True,
                returnByValue=True,
            )
            if "exceptionDetails" in r:
                detalle = r["exceptionDetails"]
                raise ErrorPDF(
                    "Falló la preparación de la página: "
                    f"{detalle.get('exception', {}).get('description') or detalle.get('text')}"
                )
            info = r["result"]["value"]
            fallidas = [
                e["params"].get("errorText", "")
                for e in navegador.eventos
                if e["method"] == "Network.loadingFailed"
                and not e["params"].get("canceled")
            ] + [
                f"{r['status']} {r['url']}"
                for e in navegador.eventos
                if e["method"] == "Network.responseReceived"
                and (r := e["params"]["response"])["status"] >= 400
                # El constructor de una página no escribe índice de búsqueda.
                and not r["url"].endswith("/searchindex.js")
            ]
            problemas = []
            if info["formulas"] and not info["mathjax"]:
                problemas.append("MathJax no llegó a cargarse")
            if info["sin_componer"]:
                problemas.append(
                    f"{len(info['sin_componer'])} fórmulas sin componer, p. ej. "
                    f"{info['sin_componer'][:3]}"
                )
            if info["errores_mathjax"]:
                problemas.append(f"fórmulas con error: {info['errores_mathjax'][:5]}")
            if info["imagenes_rotas"]:
                problemas.append(f"imágenes rotas: {info['imagenes_rotas'][:5]}")
            if fallidas:
                problemas.append(f"peticiones fallidas: {fallidas[:5]}")
            if not info["documentos"]:
                problemas.append("la página no incluye ningún capítulo")
            if problemas:
                raise ErrorPDF("La página no está lista: " + "; ".join(problemas) + ".")
            resto = max(60.0, plazo - (time.monotonic() - inicio))
            pdf = navegador.orden(
                "Page.printToPDF",
                sesion,
                plazo=resto,
                **PAPEL,
                **MARGENES,
                printBackground=True,
                displayHeaderFooter=True,
                headerTemplate="<span></span>",
                footerTemplate=PIE.format(titulo=html.escape(datos["titulo"])),
                generateDocumentOutline=False,
                generateTaggedPDF=False,
            )
    finally:
        navegador.cerrar()
    contenido = base64.b64decode(pdf["data"])
    if not contenido.startswith(b"%PDF-") or len(contenido) < 10_000:
        raise ErrorPDF(f"Chromium devolvió algo que no es un PDF ({len(contenido)} B).")
    destino.parent.mkdir(parents=True, exist_ok=True)
    temporal = destino.with_name(destino.name + ".tmp")
    temporal.write_bytes(contenido)
    temporal.replace(destino)
    return {**info, "bytes": len(contenido), "segundos": time.monotonic() - inicio}


# ----------------------------------------------------------------------- Sphinx
def _enlace_pdf_html() -> str:
    from traduccion import _

    return (
        f'<p class="descarga-pdf"><a href="{NOMBRE}">'
        + _("Descargar el libro en PDF")
        + "</a>"
        + _(
            ": el libro entero, con los capítulos y los ejemplos con sus figuras y "
            "salidas, en un solo archivo A4 para leerlo sin conexión o imprimirlo."
        )
        + "</p>"
    )


def _directiva_enlace_pdf():
    from docutils import nodes
    from docutils.parsers.rst import Directive

    class EnlacePDF(Directive):
        """``{enlace-pdf}``: el enlace al PDF de la edición, en su idioma.

        HTML tal cual (el PDF no es una página que Sphinx conozca); la edición para el
        alumnado, que no tiene PDF, lo quita (``class="descarga-pdf"``).
        """

        has_content = False

        def run(self):
            return [nodes.raw("", _enlace_pdf_html(), format="html")]

    return EnlacePDF


def _al_terminar(app, excepcion) -> None:
    if excepcion is not None or app.builder.name != "singlehtml":
        return
    from sphinx.errors import ExtensionError
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    config = app.config
    salida = config.libro_pdf_salida
    destino = (
        Path(app.confdir, salida).resolve() if salida else Path(app.outdir) / NOMBRE
    )
    from traduccion import _  # aquí: tareas.py importa este módulo sin Sphinx

    datos = {
        "titulo": config.project,
        "subtitulo": config.libro_pdf_subtitulo
        or _("RNN, BPTT, LSTM, GRU, codificador–decodificador y atención"),
        "autor": config.author,
        "version": config.release,
        "version_texto": _("Versión"),
        "fecha": fecha_de_portada(fecha_del_libro(Path(app.confdir)), config.language),
        "nota": config.libro_pdf_nota
        or _(
            "Cada cifra, tabla y figura sale del código ejecutado al construir el libro."
        ),
        "presentacion": _("Presentación"),
        "indice": _("Índice"),
    }
    pagina = Path(app.outdir) / f"{config.root_doc}{app.builder.out_suffix}"
    logger.info(f"imprimiendo el libro en PDF con Chromium → {destino}")
    try:
        info = imprimir(
            pagina,
            destino,
            datos,
            buscar_chromium(config.libro_pdf_chromium),
            float(config.libro_pdf_plazo),
        )
    except ErrorPDF as e:
        raise ExtensionError(f"No se pudo generar el PDF del libro: {e}") from e
    logger.info(
        f"PDF del libro: {destino} ({info['bytes'] / 2**20:.1f} MiB, "
        f"{info['documentos']} capítulos y ejemplos, {info['formulas']} fórmulas, "
        f"{info['imagenes']} imágenes, {info['reducidas']} tablas o fórmulas "
        f"reducidas para caber; {info['segundos']:.0f} s)"
    )


def setup(app):
    app.add_config_value("libro_pdf_salida", "", "", types=(str,))
    app.add_config_value("libro_pdf_chromium", "", "", types=(str,))
    app.add_config_value("libro_pdf_plazo", 600, "", types=(int, float))
    # Vacíos: el subtítulo y la nota por defecto, en el idioma de la edición.
    app.add_config_value("libro_pdf_subtitulo", "", "", types=(str,))
    app.add_config_value("libro_pdf_nota", "", "", types=(str,))
    app.add_directive("enlace-pdf", _directiva_enlace_pdf())
    app.connect("build-finished", _al_terminar)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
