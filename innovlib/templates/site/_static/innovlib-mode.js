// The reader's light/dark choice, applied before the page renders (the theme's inline script, as a file).
document.documentElement.dataset.mode = localStorage.getItem("mode") || "";
document.documentElement.dataset.theme = localStorage.getItem("theme") || "";
