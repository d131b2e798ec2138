/*
 * _streamstats: the CPython binding of the streamstats library, one type,
 * Accumulator. The friendly API is the pure-Python package streamstats;
 * this module stays close to the C functions.
 *
 * Invariants: an Accumulator holds only finite values; a call that fails
 * (a value that is not a finite number, an iterator that raises) leaves it
 * as it was.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "streamstats.h"

#include <math.h>
#include <string.h>

struct accumulator {
	PyObject_HEAD
	struct streamstats stats;
};

static PyTypeObject accumulator_type;

static struct streamstats *stats_of(PyObject *self)
{
	return &((struct accumulator *)self)->stats;
}

/* Sets ValueError for the value x that is not finite; returns -1. */
static int not_finite(double x)
{
	PyObject *value = PyFloat_FromDouble(x);

	if (value) {
		PyErr_Format(PyExc_ValueError, "values must be finite numbers, not %R", value);
		Py_DECREF(value);
	}
	return -1;
}

/* True for the struct-module format of one native C double. */
static int is_double_format(const char *format)
{
	if (!format)
		return 0; /* no format means unsigned bytes */
	if (*format == '@' || *format == '=')
		format++;
	return strcmp(format, "d") == 0;
}

/*
 * Adds the values of a C-contiguous buffer of doubles (array('d'), a numpy
 * float64 array) without making a Python object per value. Returns 0 when
 * done, 1 when values is not such a buffer (nothing done, no exception), -1
 * with an exception set.
 */
static int extend_from_buffer(struct streamstats *s, PyObject *values)
{
	Py_buffer view;
	const double *xs;
	size_t n, i;
	int rc = 0;

	if (!PyObject_CheckBuffer(values))
		return 1;
	if (PyObject_GetBuffer(values, &view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
		PyErr_Clear(); /* e.g. a strided view: iterate over it instead */
		return 1;
	}
	if (!is_double_format(view.format) || view.itemsize != sizeof(double)) {
		PyBuffer_Release(&view);
		return 1;
	}
	xs = view.buf;
	n = (size_t)view.len / sizeof(double);
	if (streamstats_add_array(s, xs, n) < 0) {
		for (i = 0; i < n && isfinite(xs[i]); i++)
			;
		rc = not_finite(xs[i]);
	}
	PyBuffer_Release(&view);
	return rc;
}

/* Adds every item of an iterable of numbers; 0, or -1 with an exception. */
static int extend_from_iterable(struct streamstats *s, PyObject *values)
{
	PyObject *it, *item;
	double x;

	it = PyObject_GetIter(values);
	if (!it)
		return -1;
	while ((item = PyIter_Next(it))) {
		x = PyFloat_AsDouble(item);
		Py_DECREF(item);
		if (x == -1.0 && PyErr_Occurred())
			goto fail;
		if (streamstats_add(s, x) < 0) {
			not_finite(x);
			goto fail;
		}
	}
	if (PyErr_Occurred()) /* the iterator raised */
		goto fail;
	Py_DECREF(it);
	return 0;
fail:
	Py_DECREF(it);
	return -1;
}

/* Adds values to self, all or nothing; 0, or -1 with an exception. */
static int accumulator_extend_values(PyObject *self, PyObject *values)
{
	struct streamstats work = *stats_of(self);
	int rc;

	rc = extend_from_buffer(&work, values);
	if (rc == 1)
		rc = extend_from_iterable(&work, values);
	if (rc == 0)
		*stats_of(self) = work;
	return rc;
}

static int accumulator_init(PyObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = { "values", NULL };
	PyObject *values = NULL;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:Accumulator", kwlist, &values))
		return -1;
	streamstats_init(stats_of(self));
	if (values && values != Py_None)
		return accumulator_extend_values(self, values);
	return 0;
}

static PyObject *accumulator_add(PyObject *self, PyObject *args)
{
	double x;

	if (!PyArg_ParseTuple(args, "d:add", &x))
		return NULL;
	if (streamstats_add(stats_of(self), x) < 0) {
		not_finite(x);
		return NULL;
	}
	Py_RETURN_NONE;
}

static PyObject *accumulator_extend(PyObject *self, PyObject *args)
{
	PyObject *values;

	if (!PyArg_ParseTuple(args, "O:extend", &values))
		return NULL;
	if (accumulator_extend_values(self, values) < 0)
		return NULL;
	Py_RETURN_NONE;
}

static PyObject *accumulator_merge(PyObject *self, PyObject *args)
{
	PyObject *other;

	if (!PyArg_ParseTuple(args, "O!:merge", &accumulator_type, &other))
		return NULL;
	streamstats_merge(stats_of(self), stats_of(other));
	Py_RETURN_NONE;
}

static PyObject *accumulator_variance(PyObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = { "ddof", NULL };
	const struct streamstats *s = stats_of(self);
	Py_ssize_t ddof = 0;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|n:variance", kwlist, &ddof))
		return NULL;
	if (ddof < 0) {
		PyErr_Format(PyExc_ValueError, "ddof must be 0 or more, not %zd", ddof);
		return NULL;
	}
	if (s->count <= (uint64_t)ddof) {
		PyErr_Format(PyExc_ValueError, "variance with ddof=%zd needs at least %zd values, have %llu",
			     ddof, ddof + 1, (unsigned long long)s->count);
		return NULL;
	}
	return PyFloat_FromDouble(streamstats_variance(s, (uint64_t)ddof));
}

static PyObject *accumulator_copy(PyObject *self, PyObject *Py_UNUSED(ignored))
{
	PyTypeObject *type = Py_TYPE(self);
	PyObject *copy = type->tp_alloc(type, 0);

	if (copy)
		*stats_of(copy) = *stats_of(self);
	return copy;
}

static PyObject *accumulator_repr(PyObject *self)
{
	return PyUnicode_FromFormat("<%s count=%llu>", Py_TYPE(self)->tp_name,
				    (unsigned long long)stats_of(self)->count);
}

static PyObject *accumulator_get_count(PyObject *self, void *Py_UNUSED(closure))
{
	return PyLong_FromUnsignedLongLong(stats_of(self)->count);
}

/* The value of a result that needs at least one value, or ValueError. */
static PyObject *nonempty_result(PyObject *self, double (*get)(const struct streamstats *), const char *name)
{
	if (stats_of(self)->count == 0) {
		PyErr_Format(PyExc_ValueError, "%s of no values", name);
		return NULL;
	}
	return PyFloat_FromDouble(get(stats_of(self)));
}

static PyObject *accumulator_get_mean(PyObject *self, void *Py_UNUSED(closure))
{
	return nonempty_result(self, streamstats_mean, "mean");
}

static PyObject *accumulator_get_min(PyObject *self, void *Py_UNUSED(closure))
{
	return nonempty_result(self, streamstats_min, "min");
}

static PyObject *accumulator_get_max(PyObject *self, void *Py_UNUSED(closure))
{
	return nonempty_result(self, streamstats_max, "max");
}

static PyMethodDef accumulator_methods[] = {
	{ "add", accumulator_add, METH_VARARGS,
	  "add(x, /)\n--\n\nAdd the number x; ValueError if it is NaN or infinite." },
	{ "extend", accumulator_extend, METH_VARARGS,
	  "extend(values, /)\n--\n\nAdd an iterable of numbers, or a buffer of doubles,"
	  " all or nothing." },
	{ "merge", accumulator_merge, METH_VARARGS,
	  "merge(other, /)\n--\n\nAdd everything the Accumulator other has seen." },
	{ "variance", (PyCFunction)(void (*)(void))accumulator_variance, METH_VARARGS | METH_KEYWORDS,
	  "variance(ddof=0)\n--\n\nSum of squared deviations divided by count - ddof." },
	{ "copy", accumulator_copy, METH_NOARGS,
	  "copy()\n--\n\nAn independent Accumulator with the same state." },
	{ NULL, NULL, 0, NULL }
};

static PyGetSetDef accumulator_getset[] = {
	{ "count", accumulator_get_count, NULL, "How many values were added.", NULL },
	{ "mean", accumulator_get_mean, NULL, "Arithmetic mean; ValueError if empty.", NULL },
	{ "min", accumulator_get_min, NULL, "Smallest value; ValueError if empty.", NULL },
	{ "max", accumulator_get_max, NULL, "Largest value; ValueError if empty.", NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

static PyTypeObject accumulator_type = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "_streamstats.Accumulator",
	.tp_doc = "Accumulator(values=None)\n--\n\n"
		  "Count, mean, variance, min and max of a stream of numbers.",
	.tp_basicsize = sizeof(struct accumulator),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_new = PyType_GenericNew,
	.tp_init = accumulator_init,
	.tp_repr = accumulator_repr,
	.tp_methods = accumulator_methods,
	.tp_getset = accumulator_getset,
};

static struct PyModuleDef streamstats_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "_streamstats",
	.m_doc = "Streaming statistics in C (Welford); see the streamstats package.",
	.m_size = -1,
};

PyMODINIT_FUNC PyInit__streamstats(void)
{
	PyObject *module;

	if (PyType_Ready(&accumulator_type) < 0)
		return NULL;
	module = PyModule_Create(&streamstats_module);
	if (!module)
		return NULL;
	Py_INCREF(&accumulator_type);
	if (PyModule_AddObject(module, "Accumulator", (PyObject *)&accumulator_type) < 0) {
		Py_DECREF(&accumulator_type);
		Py_DECREF(module);
		return NULL;
	}
	return module;
}
