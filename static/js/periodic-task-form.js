"use strict";
// The schedule's admin form (django-celery-beat): the crontab's plain-language translation
// shown under the crontab field as staff choose one. Loaded from a file, not inline, for the
// Content-Security-Policy.
(function ($) {
  const script = document.getElementById("periodic-task-overrides");
  const data = document.getElementById("readable-crontabs");
  if (!script || !data || !$) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  const help = script.dataset.crontabHelp || "";

  $(".field-crontab_translation").hide();
  $(".field-crontab").on("change", function () {
    const box = this.querySelector(".help");
    if (!box) {
      return;
    }
    const translation = readable[$("#id_crontab").val()];
    box.replaceChildren(document.createTextNode(help));
    if (translation) {
      box.append(document.createElement("br"), document.createTextNode(translation));
    }
  });
})(window.django && window.django.jQuery);
