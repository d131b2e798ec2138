/* _hello: a tiny extension module, built in the tree and imported from it
 * through the environment's BUILD_PATHS. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *hello_greet(PyObject *self, PyObject *args)
{
	(void)self;
	(void)args;
	return PyUnicode_FromString("hello from C");
}

static PyMethodDef hello_methods[] = {
	{ "greet", hello_greet, METH_NOARGS, "Returns a greeting." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef hello_module = {
	PyModuleDef_HEAD_INIT, "_hello", "A test extension.", -1, hello_methods,
	NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__hello(void)
{
	return PyModule_Create(&hello_module);
}
