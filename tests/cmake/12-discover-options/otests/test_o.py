import unittest


class TestO(unittest.TestCase):
    def test_a(self):
        pass

    def test_b(self):
        pass
