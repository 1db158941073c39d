// Sends the deep-linking answer back to the LMS at once; without JavaScript the button does it.
document.getElementById("lti-deep-link-return").submit();
