/*
 * Accesibilidad del libro (lo añade a cada página docs/_ext/accesibilidad.py).
 *
 * Las tablas y las fórmulas anchas se desplazan dentro de su caja (rnnbook.css),
 * y quien usa el teclado también tiene que poder desplazarlas (WCAG 2.1.1; regla
 * «scrollable-region-focusable» de axe-core): la caja que se desplaza recibe el
 * foco (tabindex="0") y la que no, no, para no llenar la página de paradas
 * inútiles. Como que una caja se desplace o no depende del ancho de la ventana,
 * de las fuentes y de MathJax, se decide aquí y se vuelve a decidir cada vez que
 * cambia su tamaño. El tema hace lo mismo con sus propias cajas (bloques de
 * código y el contenedor de las tablas de docutils).
 */
(() => {
  "use strict";
  const CAJAS = ".bd-article table, .rendered_html table, .bd-article div.math";
  const MARCA = "rnnbookDesplazable"; // data-rnnbook-desplazable: tabindex puesto aquí

  function seDesplaza(caja) {
    const estilo = getComputedStyle(caja);
    const libre = (v) => v === "auto" || v === "scroll";
    return (
      (libre(estilo.overflowX) && caja.scrollWidth > caja.clientWidth + 1) ||
      (libre(estilo.overflowY) && caja.scrollHeight > caja.clientHeight + 1)
    );
  }

  function actualizar(caja) {
    if (seDesplaza(caja)) {
      if (!caja.hasAttribute("tabindex")) {
        caja.tabIndex = 0;
        caja.dataset[MARCA] = "";
      }
    } else if (MARCA in caja.dataset) {
      caja.removeAttribute("tabindex");
      delete caja.dataset[MARCA];
    }
  }

  const cajas = document.querySelectorAll(CAJAS);
  const todas = () => cajas.forEach(actualizar);
  // Se llama al observar cada caja y cada vez que cambia su tamaño (ventana,
  // fuentes, fórmulas ya compuestas, un <details> que se abre…).
  const observador = new ResizeObserver((entradas) =>
    entradas.forEach((e) => actualizar(e.target)),
  );
  cajas.forEach((caja) => observador.observe(caja));
  window.addEventListener("load", () => {
    todas();
    const mathjax = window.MathJax && MathJax.startup && MathJax.startup.promise;
    if (mathjax) mathjax.then(todas);
  });
})();
