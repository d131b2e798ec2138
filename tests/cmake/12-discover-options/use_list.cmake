# Read by CTest after the discovered tests: o_names lists them.
list(JOIN o_names "," joined)
add_test("listed ${joined}" /bin/true)
