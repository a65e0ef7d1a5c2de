// The reader's light/dark choice, applied before the page renders (the theme's inline script, as a file). With no
// choice stored, "auto" (the theme's default): an empty mode would make the theme log an error and reset it.
document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";
document.documentElement.dataset.theme = localStorage.getItem("theme") || "";
