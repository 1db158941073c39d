// Inside an LMS iframe: if the browser keeps a test cookie, the login goes on here at once;
// if not, only the "new window" link is useful, and the page says so.
(function () {
  var box = document.getElementById("lti-cookie-check");
  var secure = window.location.protocol === "https:";
  document.cookie = "lti1p3_test_cookie=1; path=/" + (secure ? "; SameSite=None; Secure" : "");
  if (document.cookie.indexOf("lti1p3_test_cookie") !== -1) {
    document.cookie = "lti1p3_test_cookie=1; expires=Thu, 01 Jan 1970 00:00:01 GMT; path=/";
    window.location.replace(box.dataset.continue);
  } else {
    document.getElementById("lti-continue").hidden = true;
    document.getElementById("lti-cookie-warning").setAttribute("role", "alert");
  }
})();
