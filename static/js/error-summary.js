/* A form sent back with problems: keyboard and screen-reader focus goes to the summary of
   the problems (components/error_summary.html), whose links lead to each question. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
